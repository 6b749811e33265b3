import Foundation

/// What the door reads from the store about a message's movie, in one round trip (see
/// ``PipelineStore/admission(_:style:withRun:)``).
public struct MovieAdmission: Sendable, Hashable {
    /// The run's record, when asked for and the run exists.
    public var run: RunRecord?
    /// The run's movie ids in submission order, when the run was asked for.
    public var movieIds: [String]?
    /// Whether the movie's state is still in the store (submitted and not yet expired).
    public var live: Bool
    /// The style the movie renders with, once its style stage named one.
    public var styleId: String?
    /// Whether the style asked about is in the style cache.
    public var styleCached: Bool

    public init(run: RunRecord?, movieIds: [String]?, live: Bool, styleId: String?, styleCached: Bool) {
        self.run = run
        self.movieIds = movieIds
        self.live = live
        self.styleId = styleId
        self.styleCached = styleCached
    }
}
