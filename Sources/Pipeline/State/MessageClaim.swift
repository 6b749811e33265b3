/// What the store says about a message the runtime is about to handle.
public enum MessageClaim: Sendable, Equatable {
    /// Handled already (its done-mark is set, or its movie is finished): drop this copy.
    case alreadyDone
    /// Ours to handle now; the claim holds for its lease and is renewed while the handler runs. `starts` counts the
    /// handlings of this message that began and never finished or failed cleanly (this one included): above one, the
    /// earlier ones died with their worker.
    case claimed(starts: Int)
    /// A twin of this message is being handled elsewhere right now: wait for it, then look again.
    case inFlightElsewhere
}
