/// What ``PipelineStore/markAndClaimOrFinish(_:index:expected:movie:claimant:finishing:)`` did with a fan-in unit
/// and the message that marked it.
public enum FanInMark: Sendable, Equatable {
    /// The mark completed the fan-in and this claimant holds it (again, on a redelivery): the handler publishes the
    /// next step, and the message is finished after that, as any other.
    case claimed
    /// The fan-in is not this claimant's, so the message was finished in the same round trip; `first` is false
    /// when a twin had finished it first (``PipelineStore/finishMessage(_:movie:owner:)``).
    case finished(first: Bool)
}
