import DreamFrameCore
import CJPEG
import Foundation

/// Decodes JPEG (baseline or progressive; grayscale, YCbCr/RGB or CMYK/YCCK) to ``RGBImage`` with libjpeg.
///
/// All libjpeg calls go through `df_jpeg_decode` in the `CJPEG` shim, whose error handler longjmps back into C, so a
/// corrupt or truncated file becomes a ``ImageError`` instead of aborting the process.
public struct JPEGDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `data`.
    ///
    /// With `maxSide`, the image is decoded with libjpeg's DCT scaling (a factor of 1/8 ... 8/8), picking the
    /// smallest factor whose longer side is still at least `maxSide` (or 1/8). That is several times faster than a
    /// full decode and suits callers that downscale anyway. Without it the image is decoded at full size.
    /// `name` is only used in error messages.
    public func decode(_ data: Data, maxSide: Int? = nil, name: String = "image") throws -> RGBImage {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let side = Int32(clamping: max(0, maxSide ?? 0))
        let code: Int32 = data.withUnsafeBytes { raw in
            message.withUnsafeMutableBufferPointer { msg in
                df_jpeg_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, side, &out, &width, &height,
                               msg.baseAddress, msg.count)
            }
        }
        defer { free(out) }
        guard code == 0, let out, width > 0, height > 0 else {
            throw ImageError("cannot decode JPEG \(name)", code: code, message: message)
        }
        let count = Int(width) * Int(height) * 3
        let pixels = [UInt8](UnsafeBufferPointer(start: out, count: count))
        return RGBImage(width: Int(width), height: Int(height), pixels: pixels)
    }
}
