/// Which expansion result of a movie: its plot (level 1), one substory's tinystories (level 2) or one tinystory's
/// keyframes (level 3). Results are committed first-wins under these keys.
public enum ExpansionKey: Sendable, Hashable, CustomStringConvertible {
    case plot
    /// Level 2 of substory `s`.
    case substory(Int)
    /// Level 3 of tinystory `t` of substory `s`.
    case tinystory(Int, Int)

    /// The field name in the movie's result hash: `plot`, `s/<s>`, `t/<s>/<t>`.
    public var field: String {
        switch self {
        case .plot: return "plot"
        case .substory(let s): return "s/\(s)"
        case .tinystory(let s, let t): return "t/\(s)/\(t)"
        }
    }

    public var description: String { field }
}
