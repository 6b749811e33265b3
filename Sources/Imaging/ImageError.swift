import DreamFrameCore

/// An image that cannot be read or written. Permanent: the same bytes fail the same way.
public struct ImageError: ClassifiedError, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, naming the image.
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    public var failureKind: FailureKind { .permanent }
    public var failureClass: String { "image" }
}
