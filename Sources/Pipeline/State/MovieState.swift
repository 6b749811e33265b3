/// Where a movie is in the pipeline. States only move forward, in declaration order.
public enum MovieState: String, Codable, Sendable, CaseIterable, Comparable {
    /// Submitted; its plot is not written yet.
    case queued
    /// Plot written; substories and tinystories are being expanded.
    case expanding
    /// Story assembled; its style is being learned or taken from the cache.
    case styling
    /// Another movie is learning the same style; this one is parked until it lands.
    case waitingForStyle = "waiting-for-style"
    /// Keyframes are being rendered.
    case rendering
    /// Validated and in the dataset.
    case done

    /// The position in the flow: queued 0 … done 5.
    public var rank: Int {
        switch self {
        case .queued: return 0
        case .expanding: return 1
        case .styling: return 2
        case .waitingForStyle: return 3
        case .rendering: return 4
        case .done: return 5
        }
    }

    public static func < (lhs: MovieState, rhs: MovieState) -> Bool {
        lhs.rank < rhs.rank
    }
}
