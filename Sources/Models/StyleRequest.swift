import DreamFrameCore
import Foundation

/// What a style learner is asked to learn.
public struct StyleRequest: Codable, Sendable, Hashable {
    /// The style to learn.
    public var style: StyleSpec
    /// Reference images (PNG or JPEG); empty means the learner renders its own from the description.
    public var referenceImages: [String]
    /// Seeds the learner's random choices.
    public var seed: UInt64
    /// The style's identity (its cache key), which names what an external trainer creates
    /// (``StyleArtifact/token(styleId:)``); empty when learned outside the pipeline.
    public var styleId: String
    /// The longest the learning may take — what is left of the style trainer's limit for the whole learn, under
    /// the broker's consumer timeout — or nil for the learner's own limit. A learner stops by then.
    public var timeLimit: Duration?
    /// The folder an external trainer works in (its log, the file it writes): the run's
    /// `styles/<style-id>/training/` in the pipeline; nil: a new folder in the temporary directory. Never
    /// beside the reference images, which may be a movie's own folder outside the output.
    public var workDirectory: String?

    /// Creates a style request.
    public init(style: StyleSpec, referenceImages: [String], seed: UInt64, styleId: String = "",
                timeLimit: Duration? = nil, workDirectory: String? = nil) {
        self.style = style
        self.referenceImages = referenceImages
        self.seed = seed
        self.styleId = styleId
        self.timeLimit = timeLimit
        self.workDirectory = workDirectory
    }

    /// The time a learner whose own limit is `learnerLimit` has for this request: the shorter of the two.
    public func timeLimit(cappedBy learnerLimit: Duration) -> Duration {
        min(learnerLimit, timeLimit ?? learnerLimit)
    }
}
