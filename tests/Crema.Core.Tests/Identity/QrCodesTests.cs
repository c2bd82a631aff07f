using System.Xml.Linq;
using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class QrCodesTests
{
    private const string Uri = "otpauth://totp/Crema:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Crema&algorithm=SHA1&digits=6&period=30";

    [Fact]
    public void Svg_is_well_formed_xml_with_an_svg_root()
    {
        var svg = QrCodes.Svg(Uri);
        var doc = XDocument.Parse(svg);
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.NotNull(doc.Root.Attribute("viewBox"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Terminal_rendering_round_trips_the_module_matrix(bool darkBackground)
    {
        var matrix = QrCodes.Modules(Uri);
        var text = QrCodes.Terminal(Uri, darkBackground);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal((matrix.Length + 1) / 2, lines.Length);

        var decoded = new bool[matrix.Length][];
        for (var y = 0; y < matrix.Length; y++) decoded[y] = new bool[matrix.Length];
        var darkCount = 0;
        for (var line = 0; line < lines.Length; line++)
        {
            Assert.Equal(matrix.Length, lines[line].Length);
            for (var x = 0; x < lines[line].Length; x++)
            {
                var (top, bottom) = lines[line][x] switch
                {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    ' ' => (false, false),
                    var c => throw new InvalidOperationException($"unexpected character U+{(int)c:X4}"),
                };
                // Ink is a light module on a dark background, a dark module otherwise.
                var topDark = top != darkBackground;
                var bottomDark = bottom != darkBackground;
                decoded[line * 2][x] = topDark;
                if (line * 2 + 1 < matrix.Length) decoded[line * 2 + 1][x] = bottomDark;
                else Assert.False(bottomDark); // the padding half-row is light quiet zone
            }
        }
        var expectedDark = 0;
        for (var y = 0; y < matrix.Length; y++)
        {
            for (var x = 0; x < matrix.Length; x++)
            {
                if (matrix[y][x]) expectedDark++;
                if (decoded[y][x]) darkCount++;
            }
            Assert.Equal(matrix[y], decoded[y]);
        }
        Assert.Equal(expectedDark, darkCount);
        Assert.True(expectedDark > 100);
    }

    [Fact]
    public void Matrix_includes_a_four_module_quiet_zone()
    {
        var matrix = QrCodes.Modules(Uri);
        for (var i = 0; i < matrix.Length; i++)
        {
            for (var q = 0; q < 4; q++)
            {
                Assert.False(matrix[q][i]);
                Assert.False(matrix[i][q]);
                Assert.False(matrix[^(q + 1)][i]);
                Assert.False(matrix[i][^(q + 1)]);
            }
        }
        // The top-left finder pattern starts right inside the quiet zone.
        Assert.True(matrix[4][4]);
    }
}
