import DreamFrameCore
import Foundation

/// An 8-bit RGB colour.
public struct RGBColor: Sendable, Hashable {
    /// Red, 0...255.
    public var r: UInt8
    /// Green, 0...255.
    public var g: UInt8
    /// Blue, 0...255.
    public var b: UInt8

    /// Creates a colour from 8-bit components.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Creates a colour from components in `0...1` (clamped).
    public init(unit r: Double, _ g: Double, _ b: Double) {
        func c(_ v: Double) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
        self.init(c(r), c(g), c(b))
    }

    /// Linear blend toward `other` by `t` in `0...1`.
    public func mixed(with other: RGBColor, _ t: Double) -> RGBColor {
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(a) * (1 - t) + Double(b) * t).rounded())))
        }
        return RGBColor(m(r, other.r), m(g, other.g), m(b, other.b))
    }

    /// The colour scaled in brightness by `f` (clamped).
    public func scaled(_ f: Double) -> RGBColor {
        RGBColor(unit: Double(r) / 255 * f, Double(g) / 255 * f, Double(b) / 255 * f)
    }

    /// Pure black.
    public static let black = RGBColor(0, 0, 0)
    /// Pure white.
    public static let white = RGBColor(255, 255, 255)
}

/// A simple packed RGB8 raster, row-major, 3 bytes a pixel, no padding.
public struct RGBImage: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 3` bytes, RGB order.
    public var pixels: [UInt8]

    /// A new image filled with `color`.
    public init(width: Int, height: Int, color: RGBColor = .black) {
        precondition(width > 0 && height > 0, "image size must be positive")
        self.width = width
        self.height = height
        var p = [UInt8](repeating: 0, count: width * height * 3)
        p.withUnsafeMutableBufferPointer { buf in
            var i = 0
            while i < buf.count {
                buf[i] = color.r; buf[i + 1] = color.g; buf[i + 2] = color.b
                i += 3
            }
        }
        self.pixels = p
    }

    /// Wraps existing RGB8 bytes (`pixels.count` must equal `width * height * 3`).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "pixel buffer size mismatch")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at (x, y); coordinates must be inside the image.
    public func pixel(x: Int, y: Int) -> RGBColor {
        let i = (y * width + x) * 3
        return RGBColor(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Sets the colour at (x, y), ignoring coordinates outside the image.
    public mutating func setPixel(x: Int, y: Int, _ c: RGBColor) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        pixels[i] = c.r; pixels[i + 1] = c.g; pixels[i + 2] = c.b
    }

    /// A nearest-neighbour/box-averaged resize to `newWidth` x `newHeight`.
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        var out = RGBImage(width: newWidth, height: newHeight)
        let sw = width, sh = height
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<newHeight {
                    let y0 = y * sh / newHeight, y1 = max(y0 + 1, (y + 1) * sh / newHeight)
                    for x in 0..<newWidth {
                        let x0 = x * sw / newWidth, x1 = max(x0 + 1, (x + 1) * sw / newWidth)
                        var r = 0, g = 0, b = 0, n = 0
                        for yy in y0..<y1 {
                            var i = (yy * sw + x0) * 3
                            for _ in x0..<x1 {
                                r += Int(src[i]); g += Int(src[i + 1]); b += Int(src[i + 2])
                                i += 3; n += 1
                            }
                        }
                        let o = (y * newWidth + x) * 3
                        dst[o] = UInt8(r / n); dst[o + 1] = UInt8(g / n); dst[o + 2] = UInt8(b / n)
                    }
                }
            }
        }
        return out
    }
}
