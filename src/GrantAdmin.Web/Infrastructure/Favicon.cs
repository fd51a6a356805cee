namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// The site's icon, drawn here rather than kept as a binary: a 32×32 ICO of the header's blue with the focus yellow along
/// the bottom. Browsers ask for <c>/favicon.ico</c> on every site; without it each page view logged a 404.
/// </summary>
public static class Favicon
{
    public const string ContentType = "image/x-icon";
    private const int Size = 32;

    public static readonly byte[] Ico = Draw();

    private static byte[] Draw()
    {
        const int headerBytes = 40, pixelBytes = Size * Size * 4, maskBytes = Size * Size / 8;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        // ICONDIR and its one ICONDIRENTRY: an image of Size×Size, 32 bits per pixel, right after these 22 bytes.
        w.Write((short)0); w.Write((short)1); w.Write((short)1);
        w.Write((byte)Size); w.Write((byte)Size); w.Write((byte)0); w.Write((byte)0);
        w.Write((short)1); w.Write((short)32); w.Write(headerBytes + pixelBytes + maskBytes); w.Write(22);
        // BITMAPINFOHEADER: the height counts the colour rows and the AND mask's rows together.
        w.Write(headerBytes); w.Write(Size); w.Write(Size * 2); w.Write((short)1); w.Write((short)32);
        w.Write(0); w.Write(pixelBytes + maskBytes); w.Write(0); w.Write(0); w.Write(0); w.Write(0);
        // Rows bottom-up, BGRA: four rows of #ffbf47, then #154273.
        for (var row = 0; row < Size; row++)
            for (var column = 0; column < Size; column++)
                w.Write(row < 4 ? new byte[] { 0x47, 0xBF, 0xFF, 0xFF } : [0x73, 0x42, 0x15, 0xFF]);
        w.Write(new byte[maskBytes]); // every pixel opaque: the alpha channel decides
        w.Flush();
        return stream.ToArray();
    }
}
