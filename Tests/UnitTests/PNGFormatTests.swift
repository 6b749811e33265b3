import CPNG
import Foundation
import Testing
@testable import Imaging

/// Every kind of valid PNG decodes to the expected 8-bit RGB pixels: palettes at 1, 2, 4 and 8 bits, grey at every
/// depth, 16-bit samples (rounded, not truncated), alpha composited over black, Adam7 interlacing.
@Suite("PNG decoder: every valid format")
struct PNGFormatTests {
    /// An image whose pixel (x, y) is `color(x, y)`.
    static func image(width: Int, height: Int, _ color: (Int, Int) -> RGBColor) -> RGBImage {
        var img = RGBImage(width: width, height: height)
        for y in 0..<height { for x in 0..<width { img.setPixel(x: x, y: y, color(x, y)) } }
        return img
    }

    /// Samples for (x, y, channel) in row order.
    static func samples(width: Int, height: Int, channels: Int, _ sample: (Int, Int, Int) -> [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for y in 0..<height { for x in 0..<width { for c in 0..<channels { out += sample(x, y, c) } } }
        return out
    }

    static func decode(_ data: Data) throws -> RGBImage {
        try ImageDecoder.decode(data, name: "fixture.png")
    }

    @Test(arguments: [1, 2, 4, 8], [false, true])
    func palette(depth: Int, interlaced: Bool) throws {
        let w = 13, h = 7, entries = 1 << depth
        var palette: [UInt8] = []
        for i in 0..<entries { palette += [UInt8(i * 37 % 256), UInt8(255 - i * 11 % 256), UInt8(i * 5 % 256)] }
        func index(_ x: Int, _ y: Int) -> Int { (x * 3 + y * 5) % entries }
        let data = try PNGFixture.encode(Self.samples(width: w, height: h, channels: 1) { x, y, _ in [UInt8(index(x, y))] },
                                         width: w, height: h, bitDepth: depth, colorType: PNG_COLOR_TYPE_PALETTE,
                                         interlaced: interlaced, palette: palette)
        let expected = Self.image(width: w, height: h) { x, y in
            let i = index(x, y) * 3
            return RGBColor(palette[i], palette[i + 1], palette[i + 2])
        }
        #expect(try Self.decode(data) == expected)
    }

    @Test func paletteWithTransparency() throws {
        let palette: [UInt8] = [200, 100, 50, 10, 20, 30, 255, 255, 255]
        let alphas: [UInt8] = [255, 0]  // entry 2 has no alpha: opaque
        let data = try PNGFixture.encode([0, 1, 2, 1, 0, 2], width: 3, height: 2, bitDepth: 8,
                                         colorType: PNG_COLOR_TYPE_PALETTE, palette: palette, alphas: alphas)
        let expected = RGBImage(width: 3, height: 2, pixels: [200, 100, 50, 0, 0, 0, 255, 255, 255,
                                                              0, 0, 0, 200, 100, 50, 255, 255, 255])
        #expect(try Self.decode(data) == expected)
    }

    @Test(arguments: [(1, false), (2, false), (4, false), (8, false), (16, false), (1, true), (16, true)])
    func gray(depth: Int, interlaced: Bool) throws {
        let w = 11, h = 6, levels = (1 << min(depth, 8)) - 1
        func level(_ x: Int, _ y: Int) -> Int { (x * 7 + y * 3) % (levels + 1) }
        let samples = Self.samples(width: w, height: h, channels: 1) { x, y, _ in
            depth == 16 ? PNGFixture.sample16(UInt8(level(x, y))) : [UInt8(level(x, y))]
        }
        let data = try PNGFixture.encode(samples, width: w, height: h, bitDepth: depth, colorType: PNG_COLOR_TYPE_GRAY,
                                         interlaced: interlaced)
        let expected = Self.image(width: w, height: h) { x, y in
            let g = UInt8(level(x, y) * 255 / levels)
            return RGBColor(g, g, g)
        }
        #expect(try Self.decode(data) == expected)
    }

    @Test(arguments: [8, 16])
    func grayWithAlpha(depth: Int) throws {
        let w = 9, h = 5
        // Grey level g at alpha: opaque, transparent (composited to black), opaque.
        func gray(_ x: Int, _ y: Int) -> UInt8 { UInt8((x * 29 + y * 13) % 256) }
        func opaque(_ x: Int, _ y: Int) -> Bool { (x + y) % 3 != 1 }
        let samples = Self.samples(width: w, height: h, channels: 2) { x, y, c in
            let v = c == 0 ? gray(x, y) : (opaque(x, y) ? 255 : 0)
            return depth == 16 ? (c == 0 ? PNGFixture.sample16(v) : [v, v]) : [v]
        }
        let data = try PNGFixture.encode(samples, width: w, height: h, bitDepth: depth,
                                         colorType: PNG_COLOR_TYPE_GRAY_ALPHA)
        let expected = Self.image(width: w, height: h) { x, y in
            opaque(x, y) ? RGBColor(gray(x, y), gray(x, y), gray(x, y)) : .black
        }
        #expect(try Self.decode(data) == expected)
    }

    @Test(arguments: [false, true])
    func rgb16(interlaced: Bool) throws {
        let w = 10, h = 7
        func value(_ x: Int, _ y: Int, _ c: Int) -> UInt8 { UInt8((x * 20 + y * 7 + c * 50) % 255 + 1) }
        let samples = Self.samples(width: w, height: h, channels: 3) { x, y, c in PNGFixture.sample16(value(x, y, c)) }
        let data = try PNGFixture.encode(samples, width: w, height: h, bitDepth: 16, colorType: PNG_COLOR_TYPE_RGB,
                                         interlaced: interlaced)
        let expected = Self.image(width: w, height: h) { x, y in RGBColor(value(x, y, 0), value(x, y, 1), value(x, y, 2)) }
        #expect(try Self.decode(data) == expected)
    }

    @Test(arguments: [8, 16])
    func rgbaIsCompositedOverBlack(depth: Int) throws {
        let w = 12, h = 5
        func value(_ x: Int, _ y: Int, _ c: Int) -> UInt8 { UInt8((x * 20 + y * 7 + c * 50) % 255 + 1) }
        func alpha(_ x: Int, _ y: Int) -> UInt8 { [255, 0, 128, 255][(x + y) % 4] }
        let samples = Self.samples(width: w, height: h, channels: 4) { x, y, c in
            let v = c == 3 ? alpha(x, y) : value(x, y, c)
            return depth == 16 ? (c == 3 ? [v, v] : PNGFixture.sample16(v)) : [v]
        }
        let data = try PNGFixture.encode(samples, width: w, height: h, bitDepth: depth,
                                         colorType: PNG_COLOR_TYPE_RGB_ALPHA)
        let img = try Self.decode(data)
        #expect(img.width == w && img.height == h)
        for y in 0..<h {
            for x in 0..<w {
                let px = img.pixel(x: x, y: y), got = [px.r, px.g, px.b]
                for c in 0..<3 {
                    let want = Double(value(x, y, c)) * Double(alpha(x, y)) / 255
                    #expect(abs(Double(got[c]) - want) <= 1, "(\(x), \(y)) channel \(c): \(got[c]) for \(want)")
                }
            }
        }
    }

    @Test(arguments: [(1, 1), (2, 3), (7, 9), (33, 17)])
    func interlacedRGB(width: Int, height: Int) throws {
        let img = PNGFixture.rgbImage(width: width, height: height)
        let data = try PNGFixture.encode(img.pixels, width: width, height: height, bitDepth: 8,
                                         colorType: PNG_COLOR_TYPE_RGB, interlaced: true)
        #expect(data[28] == 1, "Adam7 in IHDR")
        #expect(try Self.decode(data) == img)
        let small = try ImageDecoder.decode(data, maxSide: 4)
        #expect(max(small.width, small.height) == min(4, max(width, height)))
    }

    @Test func encoderOutputIsDeterministic() throws {
        let img = PNGFixture.rgbImage(width: 512, height: 288)
        let first = try PNGEncoder().encode(img)
        let again = try (0..<4).map { _ in try PNGEncoder().encode(img) }
        #expect(again.allSatisfy { $0 == first })
        #expect(try PNGDecoder().decode(first) == img)
        // No time or text chunk: only the image.
        #expect(PNGFixture.chunks(of: first).map(\.type).filter { $0 != "IDAT" } == ["IHDR", "IEND"])
    }
}
