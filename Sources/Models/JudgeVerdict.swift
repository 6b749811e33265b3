import DreamFrameCore
import Foundation

/// A judge's answer: is the QA pair supported by the movie, and why.
public struct JudgeVerdict: Codable, Sendable, Hashable {
    /// Whether the movie supports the answer.
    public var supported: Bool
    /// The judge's one-line reason.
    public var reason: String

    /// Creates a verdict.
    public init(supported: Bool, reason: String) {
        self.supported = supported
        self.reason = reason
    }
}
