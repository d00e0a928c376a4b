using Streaming.Domain.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Purchases;

public class TokenPackTests
{
    private static readonly Money TenEuros = new(1000, "EUR");

    [Test]
    public void Create_MakesAnActivePack_WithTrimmedName()
    {
        var pack = TokenPack.Create("  Starter  ", 10, TenEuros, TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pack.Name, Is.EqualTo("Starter"));
            Assert.That(pack.Tokens, Is.EqualTo(10));
            Assert.That(pack.Price, Is.EqualTo(TenEuros));
            Assert.That(pack.IsActive, Is.True);
            Assert.That(pack.CreatedAt, Is.EqualTo(TestClock.Now));
        }
    }

    [TestCase("", 10, 1000, "EUR", "Give the pack a name.")]
    [TestCase("Pack", 0, 1000, "EUR", "A pack holds between 1 and 100,000 tokens.")]
    [TestCase("Pack", 100_001, 1000, "EUR", "A pack holds between 1 and 100,000 tokens.")]
    [TestCase("Pack", 10, 49, "EUR", "The price must be at least €0.50 (the smallest card payment in EUR).")]
    [TestCase("Pack", 10, 49, "JPY", "The price must be at least ¥50 (the smallest card payment in JPY).")]
    [TestCase("Pack", 10, 100_000_000, "USD", "The price must be at most $999,999.99.")]
    [TestCase("Pack", 10, 1000, "XYZ", "XYZ is not a currency packs can be sold in.")]
    public void Create_RefusesWhatCannotBeSold(string name, int tokens, long minor, string currency, string message)
    {
        var ex = Assert.Throws<DomainException>(() => TokenPack.Create(name, tokens, new Money(minor, currency), TestClock.Now));

        Assert.That(ex?.Message, Is.EqualTo(message));
    }

    [Test]
    public void Create_AcceptsTheLimits()
    {
        var smallest = TokenPack.Create(new string('n', TokenPack.NameMaxLength), 1, new Money(50, "EUR"), TestClock.Now);
        var largest = TokenPack.Create("Big", TokenPack.MaxTokens, new Money(TokenPack.MaxPriceMinorUnits, "EUR"), TestClock.Now);

        Assert.That((smallest.Tokens, largest.Tokens), Is.EqualTo((1, TokenPack.MaxTokens)));
    }

    [Test]
    public void Change_And_Disable_And_Enable()
    {
        var pack = TokenPack.Create("Starter", 10, TenEuros, TestClock.Now);
        var later = TestClock.Now.AddHours(1);

        pack.Change("Starter plus", 12, new Money(1100, "usd"), later);
        pack.Disable(later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((pack.Name, pack.Tokens, pack.Price), Is.EqualTo(("Starter plus", 12, new Money(1100, "USD"))));
            Assert.That(pack.IsActive, Is.False);
            Assert.That(pack.UpdatedAt, Is.EqualTo(later));
        }

        pack.Enable(later);
        Assert.That(pack.IsActive, Is.True);
    }

    [Test]
    public void Change_ThatBreaksARule_ChangesNothing()
    {
        var pack = TokenPack.Create("Starter", 10, TenEuros, TestClock.Now);

        Assert.Throws<DomainException>(() => pack.Change("Starter", 0, TenEuros, TestClock.Now.AddHours(1)));

        Assert.That((pack.Tokens, pack.UpdatedAt), Is.EqualTo((10, TestClock.Now)));
    }
}
