using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Streaming.Infrastructure.Media.Mp4;

/// <summary>
/// Copies byte ranges between files. On Linux the kernel copies them (<c>copy_file_range</c>: no
/// trip through user space, a reflink where the file system shares blocks); where it cannot (another
/// file system, an older kernel) the bytes go through a buffer.
/// </summary>
public static class FileRanges
{
    private const int BufferBytes = 1024 * 1024;
    private const int EINTR = 4;
    private const int ENOSYS = 38;

    private static volatile bool _kernelCopy = OperatingSystem.IsLinux();

    /// <summary>Copies <paramref name="length"/> bytes; returns false when <paramref name="from"/> ends first.</summary>
    public static bool Copy(SafeFileHandle from, long fromOffset, SafeFileHandle to, long toOffset, long length)
    {
        while (length > 0 && _kernelCopy)
        {
            nint copied;
            try
            {
                copied = CopyFileRange((int)from.DangerousGetHandle(), ref fromOffset, (int)to.DangerousGetHandle(), ref toOffset, (nuint)Math.Min(length, 1L << 30), 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _kernelCopy = false; // a C library without it
                break;
            }

            if (copied > 0)
            {
                length -= copied;
                continue;
            }

            if (copied == 0) return false;
            var error = Marshal.GetLastPInvokeError();
            if (error == EINTR) continue;
            // ENOSYS: never here. EXDEV, EINVAL, EOPNOTSUPP…: not for these two files (another file system): the buffer does this copy.
            if (error == ENOSYS) _kernelCopy = false;
            break;
        }

        if (length <= 0) return true;
        var buffer = new byte[(int)Math.Min(BufferBytes, length)];
        while (length > 0)
        {
            var read = RandomAccess.Read(from, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length)), fromOffset);
            if (read == 0) return false;
            RandomAccess.Write(to, buffer.AsSpan(0, read), toOffset);
            (fromOffset, toOffset, length) = (fromOffset + read, toOffset + read, length - read);
        }

        return true;
    }

    [DllImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for the by-ref offsets.
    private static extern nint CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint length, uint flags);
#pragma warning restore SYSLIB1054
}
