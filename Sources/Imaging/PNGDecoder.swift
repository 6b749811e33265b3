import DreamFrameCore
import CPNG
import Foundation

/// Decodes any valid PNG to an ``RGBImage`` with libpng.
///
/// Palette, grey and 16-bit images are expanded or scaled to 8-bit RGB, transparency is composited over black, and
/// interlaced (Adam7) images are merged. All libpng calls go through `df_png_decode` in the `CPNG` shim, whose error
/// handler longjmps back into C, so a corrupt, truncated or oversized file becomes an ``ImageError`` instead of
/// aborting the process.
public struct PNGDecoder: Sendable {
    /// The longest side accepted, in pixels; larger images are refused before their pixels are read.
    public var maxDimension: Int
    /// The most pixels accepted (width times height); larger images are refused before any pixel memory is taken.
    public var maxPixelCount: Int

    /// Creates a decoder that refuses images over `maxDimension` a side or `maxPixelCount` pixels (by default
    /// 32768 and 64 Mi pixels, which takes 192 MiB decoded).
    public init(maxDimension: Int = 32768, maxPixelCount: Int = 1 << 26) {
        self.maxDimension = maxDimension
        self.maxPixelCount = maxPixelCount
    }

    /// Decodes PNG bytes; `name` is only used in error messages.
    public func decode(_ data: Data, name: String = "image") throws -> RGBImage {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let side = UInt32(clamping: max(1, min(maxDimension, Int(Int32.max))))
        let pixels = max(0, maxPixelCount)
        let code: Int32 = data.withUnsafeBytes { raw in
            message.withUnsafeMutableBufferPointer { msg in
                df_png_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, side, pixels, &out, &width,
                              &height, msg.baseAddress, msg.count)
            }
        }
        defer { free(out) }
        guard code == 0, let out, width > 0, height > 0 else {
            throw ImageError("cannot decode PNG \(name)", code: code, message: message)
        }
        let rgb = [UInt8](UnsafeBufferPointer(start: out, count: Int(width) * Int(height) * 3))
        return RGBImage(width: Int(width), height: Int(height), pixels: rgb)
    }
}
