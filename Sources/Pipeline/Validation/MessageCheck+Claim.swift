import Foundation

extension MessageCheck {
    /// Checks `envelope` at the door and claims it for `owner` (see ``PipelineStore/claimMessage(_:movie:owner:leaseSeconds:)``).
    ///
    /// For a message of a run this process knows, everything the run decides is checked here, then the movie's
    /// state and style are checked by the store in the same round trip as the claim, before it writes anything
    /// (``PipelineStore/admitAndClaim(_:movie:owner:leaseSeconds:style:)``): one round trip a message. The first
    /// message of a run takes two: ``check(_:state:)``, which learns the run, then the claim.
    public func admitAndClaim(_ envelope: Envelope, state: any PipelineStore, owner: String,
                              leaseSeconds: Int) async throws -> MessageClaim {
        let movie = envelope.movie
        guard let run = book.entry(movie.runId) else {
            try await check(envelope, state: state)
            return try await state.claimMessage(envelope.id, movie: movie, owner: owner, leaseSeconds: leaseSeconds)
        }
        try checkIds(envelope)
        try checkTexts(envelope)
        try checkAgainstRun(envelope, run: run.record, position: try position(of: envelope, in: run))
        try checkDerivedId(envelope)
        let style = Self.styleNamed(by: envelope)
        switch try await state.admitAndClaim(envelope.id, movie: movie, owner: owner, leaseSeconds: leaseSeconds,
                                             style: style) {
        case .admitted(let claim): return claim
        case .movieGone: throw goneViolation(envelope)
        case .styleUnknown(let own): throw styleViolation(envelope, style: style ?? "", movieStyle: own)
        }
    }
}
