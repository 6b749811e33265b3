/// What the style cache says about a style a movie needs.
public enum StyleClaim: Sendable, Equatable {
    /// The embedding exists: use it.
    case ready
    /// Nobody else is learning it: learn it now (the lease is ours).
    case learn
    /// Another movie is learning it; this movie is parked and gets a ``StyleReady`` message when it lands.
    case wait
}
