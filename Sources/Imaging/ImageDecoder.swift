import DreamFrameCore
import Foundation

/// Reads reference images from disk, dispatching on the file signature.
///
/// PNG is decoded by ``PNGDecoder`` (libpng), JPEG by ``JPEGDecoder`` (libjpeg); both report bad input as an
/// ``ImageError`` naming the image.
public enum ImageDecoder {
    /// The container formats recognised by signature.
    public enum Format: String, Sendable {
        case png, jpeg, unknown
    }

    /// The format of `data`, judged from its first bytes.
    public static func format(of data: Data) -> Format {
        let head = [UInt8](data.prefix(8))
        if head.count >= 8, head == PNGEncoder.signature { return .png }
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        return .unknown
    }

    /// Decodes in-memory image bytes; `name` is only used in error messages.
    ///
    /// `maxSide` asks for a cheaper, smaller decode when the caller downscales anyway: a larger image comes back
    /// with its longer side at least `maxSide` but usually under twice that (JPEG: libjpeg DCT scaling by n/8;
    /// PNG: box-resized to exactly `maxSide`). Smaller images, and `nil`, decode at full size.
    public static func decode(_ data: Data, name: String = "image", maxSide: Int? = nil) throws -> RGBImage {
        switch format(of: data) {
        case .png:
            let image = try PNGDecoder().decode(data, name: name)
            guard let maxSide, maxSide > 0, max(image.width, image.height) > maxSide else { return image }
            let scale = Double(maxSide) / Double(max(image.width, image.height))
            return image.resized(width: max(1, Int((Double(image.width) * scale).rounded())),
                                 height: max(1, Int((Double(image.height) * scale).rounded())))
        case .jpeg:
            return try JPEGDecoder().decode(data, maxSide: maxSide, name: name)
        case .unknown:
            throw ImageError("unsupported image format for \(name): not PNG or JPEG")
        }
    }

    /// Reads and decodes the image file at `path` (see ``decode(_:name:maxSide:)`` for `maxSide`).
    public static func decode(path: String, maxSide: Int? = nil) throws -> RGBImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImageError("cannot read image file \(path)")
        }
        return try decode(data, name: path, maxSide: maxSide)
    }
}
