import DreamFrameCore
import CZlib
import Foundation

/// Decodes 8-bit RGB / RGBA / grey / grey+alpha, non-interlaced PNGs into an ``RGBImage`` (alpha is dropped).
///
/// Handles all five filter types and multiple IDAT chunks; inflates with zlib `uncompress`.
public struct PNGDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes PNG bytes.
    public func decode(_ data: Data) throws -> RGBImage {
        let bytes = [UInt8](data)
        guard bytes.count > 8, Array(bytes[0..<8]) == PNGEncoder.signature else {
            throw ImageError("not a PNG file (bad signature)")
        }
        var pos = 8
        var width = 0, height = 0, colorType = 0
        var idat = [UInt8]()
        func u32(_ p: Int) -> Int {
            Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3])
        }
        while pos + 8 <= bytes.count {
            let length = u32(pos)
            let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
            let body = pos + 8
            guard body + length + 4 <= bytes.count else { throw ImageError("truncated PNG chunk \(type)") }
            switch type {
            case "IHDR":
                width = u32(body); height = u32(body + 4)
                let depth = bytes[body + 8]
                colorType = Int(bytes[body + 9])
                guard depth == 8, bytes[body + 12] == 0, [0, 2, 4, 6].contains(colorType) else {
                    throw ImageError("unsupported PNG (bit depth \(depth), colour type \(colorType), "
                        + "interlace \(bytes[body + 12])); only 8-bit non-interlaced non-palette PNGs are supported")
                }
            case "IDAT":
                idat.append(contentsOf: bytes[body..<(body + length)])
            default:
                break
            }
            pos = body + length + 4
            if type == "IEND" { break }
        }
        guard width > 0, height > 0, !idat.isEmpty else { throw ImageError("PNG without IHDR or IDAT") }
        let channels = [0: 1, 2: 3, 4: 2, 6: 4][colorType]!
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLen = uLong(raw.count)
        let status = idat.withUnsafeBufferPointer { src in
            raw.withUnsafeMutableBufferPointer { dst in
                uncompress(dst.baseAddress, &rawLen, src.baseAddress, uLong(src.count))
            }
        }
        guard status == Z_OK, Int(rawLen) == raw.count else {
            throw ImageError("PNG image data is corrupt (zlib status \(status))")
        }
        let pixels = try Self.unfilter(raw, width: width, height: height, channels: channels)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for p in 0..<(width * height) {
            let s = p * channels
            if channels <= 2 {
                rgb[p * 3] = pixels[s]; rgb[p * 3 + 1] = pixels[s]; rgb[p * 3 + 2] = pixels[s]
            } else {
                rgb[p * 3] = pixels[s]; rgb[p * 3 + 1] = pixels[s + 1]; rgb[p * 3 + 2] = pixels[s + 2]
            }
        }
        return RGBImage(width: width, height: height, pixels: rgb)
    }

    /// Reverses PNG row filters, returning `height * width * channels` bytes.
    static func unfilter(_ raw: [UInt8], width: Int, height: Int, channels bpp: Int) throws -> [UInt8] {
        let stride = width * bpp
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let type = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1, row = y * stride, prev = (y - 1) * stride
            for i in 0..<stride {
                let x = raw[src + i]
                let a: UInt8 = i >= bpp ? out[row + i - bpp] : 0
                let b: UInt8 = y > 0 ? out[prev + i] : 0
                let c: UInt8 = (i >= bpp && y > 0) ? out[prev + i - bpp] : 0
                switch type {
                case 0: out[row + i] = x
                case 1: out[row + i] = x &+ a
                case 2: out[row + i] = x &+ b
                case 3: out[row + i] = x &+ UInt8((Int(a) + Int(b)) / 2)
                case 4: out[row + i] = x &+ paeth(a, b, c)
                default: throw ImageError("PNG row \(y) has invalid filter type \(type)")
                }
            }
        }
        return out
    }

    /// The Paeth predictor.
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
