import DreamFrameCore
import Foundation

/// The movie's visual style: tone words plus ONE keyword the style learner binds an embedding to.
public struct StyleSpec: Codable, Sendable, Hashable {
    /// The single style keyword, e.g. "Dramatic".
    public var keyword: String
    /// Story tone adjectives and key phrases.
    public var tone: String
    /// A detailed description of the look, used to render references when none are given.
    public var description: String

    /// Creates a style.
    public init(keyword: String, tone: String, description: String) {
        self.keyword = keyword
        self.tone = tone
        self.description = description
    }
}
