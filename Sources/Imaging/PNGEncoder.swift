import DreamFrameCore
import CZlib
import Foundation

/// Encodes an ``RGBImage`` as a real 8-bit RGB, non-interlaced PNG.
///
/// Each row is filtered with whichever of None / Sub / Up / Paeth gives the smallest sum of absolute residuals (the
/// usual libpng heuristic); the filtered stream is compressed with zlib `compress2` and chunk CRCs use zlib `crc32`.
public struct PNGEncoder: Sendable {
    /// zlib compression level, 0...9.
    public var compressionLevel: Int32

    /// Creates an encoder; level 3 balances speed and size for noisy frames.
    public init(compressionLevel: Int32 = 3) {
        self.compressionLevel = compressionLevel
    }

    /// The 8-byte PNG signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Returns the PNG file bytes for `image`.
    public func encode(_ image: RGBImage) throws -> Data {
        let filtered = Self.filterRows(image)
        var bound = compressBound(uLong(filtered.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let status = filtered.withUnsafeBufferPointer { src in
            compressed.withUnsafeMutableBufferPointer { dst in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(src.count), compressionLevel)
            }
        }
        guard status == Z_OK else { throw ImageError("PNG encoding failed: zlib status \(status)") }
        compressed.removeSubrange(Int(bound)...)

        var out = Data(Self.signature)
        var ihdr = [UInt8]()
        ihdr.append(contentsOf: Self.bigEndian(UInt32(image.width)))
        ihdr.append(contentsOf: Self.bigEndian(UInt32(image.height)))
        ihdr.append(contentsOf: [8, 2, 0, 0, 0])  // bit depth 8, colour type 2 (RGB), deflate, adaptive, no interlace
        Self.appendChunk("IHDR", ihdr, to: &out)
        Self.appendChunk("IDAT", compressed, to: &out)
        Self.appendChunk("IEND", [], to: &out)
        return out
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    static func appendChunk(_ type: String, _ body: [UInt8], to out: inout Data) {
        let typeBytes = Array(type.utf8)
        out.append(contentsOf: bigEndian(UInt32(body.count)))
        var crcInput = typeBytes
        crcInput.append(contentsOf: body)
        let crc = crcInput.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        out.append(contentsOf: crcInput)
        out.append(contentsOf: bigEndian(UInt32(truncatingIfNeeded: crc)))
    }

    /// Applies per-row adaptive filtering, producing `height * (1 + width * 3)` bytes.
    static func filterRows(_ image: RGBImage) -> [UInt8] {
        let stride = image.width * 3, bpp = 3, h = image.height
        var out = [UInt8](repeating: 0, count: h * (stride + 1))
        image.pixels.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { out in
                for y in 0..<h {
                    let row = y * stride, prev = row - stride
                    // Score the four candidate filters by the sum of absolute (signed) residuals.
                    var scores = (0, 0, 0, 0)
                    for i in 0..<stride {
                        let x = px[row + i]
                        let a: UInt8 = i >= bpp ? px[row + i - bpp] : 0
                        let b: UInt8 = y > 0 ? px[prev + i] : 0
                        let c: UInt8 = (i >= bpp && y > 0) ? px[prev + i - bpp] : 0
                        scores.0 &+= residualCost(x)
                        scores.1 &+= residualCost(x &- a)
                        scores.2 &+= residualCost(x &- b)
                        scores.3 &+= residualCost(x &- PNGDecoder.paeth(a, b, c))
                    }
                    var type: UInt8 = 0, best = scores.0
                    if scores.1 < best { type = 1; best = scores.1 }
                    if scores.2 < best { type = 2; best = scores.2 }
                    if scores.3 < best { type = 4 }
                    let o = y * (stride + 1)
                    out[o] = type
                    for i in 0..<stride {
                        let x = px[row + i]
                        let a: UInt8 = i >= bpp ? px[row + i - bpp] : 0
                        let b: UInt8 = y > 0 ? px[prev + i] : 0
                        switch type {
                        case 1: out[o + 1 + i] = x &- a
                        case 2: out[o + 1 + i] = x &- b
                        case 4:
                            let c: UInt8 = (i >= bpp && y > 0) ? px[prev + i - bpp] : 0
                            out[o + 1 + i] = x &- PNGDecoder.paeth(a, b, c)
                        default: out[o + 1 + i] = x
                        }
                    }
                }
            }
        }
        return out
    }

    @inline(__always)
    static func residualCost(_ v: UInt8) -> Int {
        v < 128 ? Int(v) : 256 - Int(v)
    }
}
