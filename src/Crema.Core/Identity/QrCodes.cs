using System.Text;
using QRCoder;

namespace Crema.Core.Identity;

/// <summary>QR codes for TOTP enrolment: SVG for the web console, Unicode half blocks for the CLI.</summary>
public static class QrCodes
{
    /// <summary>An SVG document (error correction M, quiet zone included) that scales with its container.</summary>
    public static string Svg(string text)
    {
        using var data = Create(text);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>
    /// The code as text for a terminal with a dark background: two module rows per line using
    /// ▀ ▄ █ and spaces, the 4-module quiet zone included. Light modules are drawn, dark ones
    /// left blank, so the terminal's background forms the dark modules.
    /// </summary>
    public static string Terminal(string text) => Terminal(text, darkBackground: true);

    /// <summary>
    /// As <see cref="Terminal(string)"/>; with <paramref name="darkBackground"/> false the dark
    /// modules are drawn instead, for terminals with a light background.
    /// </summary>
    public static string Terminal(string text, bool darkBackground)
    {
        var matrix = Modules(text);
        return Render(matrix, darkBackground);
    }

    /// <summary>The module matrix including the quiet zone; true = dark module.</summary>
    public static bool[][] Modules(string text)
    {
        using var data = Create(text);
        var rows = data.ModuleMatrix;
        var result = new bool[rows.Count][];
        for (var y = 0; y < rows.Count; y++)
        {
            var row = rows[y];
            var line = new bool[row.Length];
            for (var x = 0; x < row.Length; x++) line[x] = row[x];
            result[y] = line;
        }
        return result;
    }

    internal static string Render(bool[][] matrix, bool darkBackground)
    {
        var size = matrix.Length;
        var sb = new StringBuilder((size + 1) * ((size + 1) / 2));
        for (var y = 0; y < size; y += 2)
        {
            var top = matrix[y];
            var bottom = y + 1 < size ? matrix[y + 1] : null;
            for (var x = 0; x < top.Length; x++)
            {
                // The missing row under an odd-sized matrix is quiet zone, i.e. light.
                var topInk = top[x] != darkBackground;
                var bottomInk = (bottom is not null && bottom[x]) != darkBackground;
                sb.Append((topInk, bottomInk) switch
                {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    _ => ' ',
                });
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static QRCodeData Create(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }
}
