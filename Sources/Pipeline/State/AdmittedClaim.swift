/// What the store answers when a message's door check and its claim go in one round trip
/// (``PipelineStore/admitAndClaim(_:movie:owner:leaseSeconds:style:)``).
public enum AdmittedClaim: Sendable, Equatable {
    /// The movie's state is stored and the style (if any) is cached or the movie's own: the claim's answer.
    case admitted(MessageClaim)
    /// The movie's state is gone (its run expired): nothing was written.
    case movieGone
    /// The style the message names is neither cached nor the movie's own (`movieStyle`, nil when it has none yet):
    /// nothing was written.
    case styleUnknown(movieStyle: String?)
}
