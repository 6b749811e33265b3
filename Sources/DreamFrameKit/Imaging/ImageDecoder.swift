import Foundation

/// Reads reference images from disk, dispatching on the file signature.
///
/// PNG is decoded by ``PNGDecoder``; JPEG is recognised but not decodable yet (a libjpeg system target will add it).
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
    public static func decode(_ data: Data, name: String = "image") throws -> RGBImage {
        switch format(of: data) {
        case .png:
            return try PNGDecoder().decode(data)
        case .jpeg:
            throw ModelError.permanent("unsupported image format for \(name): JPEG (JPEG support not built in yet)")
        case .unknown:
            throw ModelError.permanent("unsupported image format for \(name): not PNG or JPEG")
        }
    }

    /// Reads and decodes the image file at `path`.
    public static func decode(path: String) throws -> RGBImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.permanent("cannot read image file \(path)")
        }
        return try decode(data, name: path)
    }
}
