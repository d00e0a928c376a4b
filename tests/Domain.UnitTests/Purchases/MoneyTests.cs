using Streaming.Domain.Common;
using Streaming.Domain.Purchases;

namespace Streaming.Domain.UnitTests.Purchases;

public class MoneyTests
{
    [TestCase("9.99", "eur", 999, "EUR", "€9.99")]
    [TestCase("12", "CHF", 1200, "CHF", "CHF 12.00")]
    [TestCase("1250.5", "usd", 125050, "USD", "$1,250.50")]
    [TestCase("500", "JPY", 500, "JPY", "¥500")]
    public void FromDecimal_CountsMinorUnits_AndShowsTheCurrency(string amount, string currency, long minor, string code, string shown)
    {
        var money = Money.FromDecimal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(money.MinorUnits, Is.EqualTo(minor));
            Assert.That(money.Currency, Is.EqualTo(code));
            Assert.That(money.ToString(), Is.EqualTo(shown));
        }
    }

    [TestCase("9.999", "EUR", "EUR has 2 decimals at most.")]
    [TestCase("500.5", "JPY", "JPY has no decimals: enter a whole amount.")]
    [TestCase("5", "XYZ", "XYZ is not a currency packs can be sold in.")]
    [TestCase("-1", "EUR", "A price cannot be negative.")]
    public void FromDecimal_RefusesWhatCannotBeCharged(string amount, string currency, string message)
    {
        var ex = Assert.Throws<DomainException>(() => Money.FromDecimal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

        Assert.That(ex?.Message, Is.EqualTo(message));
    }
}
