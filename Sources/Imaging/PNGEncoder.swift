import DreamFrameCore
import CPNG
import Foundation

/// Encodes an ``RGBImage`` as an 8-bit RGB, non-interlaced PNG with libpng.
///
/// Rows are filtered with libpng's adaptive heuristic and compressed with zlib at ``compressionLevel``. No time or
/// text chunk is written, so the same image always gives the same bytes.
public struct PNGEncoder: Sendable {
    /// zlib compression level, 0...9.
    public var compressionLevel: Int32

    /// Creates an encoder; level 3 balances speed and size for the renderer's frames.
    public init(compressionLevel: Int32 = 3) {
        self.compressionLevel = compressionLevel
    }

    /// The 8-byte PNG signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Returns the PNG file bytes for `image`.
    public func encode(_ image: RGBImage) throws -> Data {
        guard image.width <= Int(Int32.max), image.height <= Int(Int32.max) else {
            throw ImageError("cannot encode a \(image.width)x\(image.height) PNG: too large")
        }
        var format = df_png_format()
        format.bit_depth = 8
        format.color_type = PNG_COLOR_TYPE_RGB
        format.compression_level = max(0, min(9, compressionLevel))
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let code = image.pixels.withUnsafeBufferPointer { px in
            message.withUnsafeMutableBufferPointer { msg in
                df_png_encode(px.baseAddress, Int32(image.width), Int32(image.height), &format, &out, &length,
                              msg.baseAddress, msg.count)
            }
        }
        defer { free(out) }
        guard code == 0, let out else {
            throw ImageError("cannot encode a \(image.width)x\(image.height) PNG", code: code, message: message)
        }
        return Data(bytes: out, count: length)
    }
}
