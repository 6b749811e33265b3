import CPNG
import Foundation
@testable import Imaging

/// PNG files for the decoder tests: valid ones written by libpng through the `CPNG` shim (so every colour type, bit
/// depth and interlace method can be made with known pixels), damaged ones put together chunk by chunk.
enum PNGFixture {
    /// Encodes `samples` with libpng: one byte a sample at bit depths up to 8, two bytes big-endian at 16; `palette`
    /// holds RGB triples and `alphas` an optional tRNS for them.
    static func encode(_ samples: [UInt8], width: Int, height: Int, bitDepth: Int, colorType: Int32,
                       interlaced: Bool = false, palette: [UInt8] = [], alphas: [UInt8] = []) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let code = samples.withUnsafeBufferPointer { px in
            palette.withUnsafeBufferPointer { pal in
                alphas.withUnsafeBufferPointer { alpha in
                    var format = df_png_format(bit_depth: Int32(bitDepth), color_type: colorType,
                                               interlaced: interlaced ? 1 : 0, compression_level: 6,
                                               palette: pal.baseAddress, palette_entries: Int32(palette.count / 3),
                                               alphas: alpha.baseAddress, alpha_entries: Int32(alphas.count), fast_rows: 0)
                    return message.withUnsafeMutableBufferPointer { msg in
                        df_png_encode(px.baseAddress, Int32(width), Int32(height), &format, &out, &length,
                                      msg.baseAddress, msg.count)
                    }
                }
            }
        }
        defer { free(out) }
        guard code == 0, let out else { throw ImageError("cannot write the fixture", code: code, message: message) }
        return Data(bytes: out, count: length)
    }

    /// A 16-bit sample, big-endian, that libpng's rounding scale (`png_set_scale_16`) turns into `value` while
    /// truncation (`png_set_strip_16`) would give `value - 1` for values under 50.
    static func sample16(_ value: UInt8) -> [UInt8] {
        let v = value == 0 ? 0 : Int(value) * 257 - 50
        return [UInt8(v >> 8), UInt8(v & 0xFF)]
    }

    /// The bytes of one chunk: length, type, body and CRC-32 (`crc` overrides the CRC).
    static func chunk(_ type: String, _ body: [UInt8], crc: UInt32? = nil) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return bigEndian(UInt32(body.count)) + typed + bigEndian(crc ?? crc32(typed))
    }

    /// An IHDR chunk.
    static func ihdr(width: UInt32, height: UInt32, depth: UInt8 = 8, colorType: UInt8 = 2,
                     interlace: UInt8 = 0) -> [UInt8] {
        chunk("IHDR", bigEndian(width) + bigEndian(height) + [depth, colorType, 0, 0, interlace])
    }

    /// A file of `chunks` after the signature.
    static func file(_ chunks: [UInt8]...) -> Data {
        Data(PNGEncoder.signature + chunks.joined())
    }

    /// The chunks of a PNG file: where each starts, its body length and type.
    static func chunks(of data: Data) -> [(offset: Int, length: Int, type: String)] {
        let bytes = [UInt8](data)
        var result: [(offset: Int, length: Int, type: String)] = []
        var pos = 8
        while pos + 12 <= bytes.count {
            let length = bytes[pos..<(pos + 4)].reduce(0) { $0 << 8 | Int($1) }
            result.append((pos, length, String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)))
            pos += 12 + length
        }
        return result
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    /// CRC-32 as PNG uses it (ISO 3309, reflected, polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A colourful RGB8 test image with every pixel different from its neighbours.
    static func rgbImage(width: Int, height: Int) -> RGBImage {
        var img = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                img.setPixel(x: x, y: y, RGBColor(UInt8((x * 29 + y * 3) % 256), UInt8((y * 41 + x) % 256),
                                                  UInt8((x * y * 7 + 11) % 256)))
            }
        }
        return img
    }
}
