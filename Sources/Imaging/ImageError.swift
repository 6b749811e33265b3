import DreamFrameCore

/// An image that cannot be read or written. Permanent: the same bytes fail the same way.
public struct ImageError: ClassifiedError, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, naming the image.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }

    /// Always permanent: retrying the same bytes cannot help.
    public var failureKind: FailureKind { .permanent }
    /// `image`, for metrics and logs.
    public var failureClass: String { "image" }
}

extension ImageError {
    /// An error for a failed call into a C shim: `what` (for example "cannot decode PNG x.png"), then the shim's
    /// NUL-terminated message, or its return code when the message is empty.
    init(_ what: String, code: Int32, message: [CChar]) {
        let why = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.init("\(what): \(why.isEmpty ? "error \(code)" : why)")
    }
}
