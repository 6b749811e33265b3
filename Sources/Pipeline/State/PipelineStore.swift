import Foundation
import Models

/// The pipeline's shared state: idempotency marks, first-committed expansion results, per-movie progress and
/// fan-in claims, runs, and the style cache with its learning lease and parked movies.
///
/// Every update is set-like or compare-and-set, so repeating one after a crash changes nothing. The real store is
/// ``RedisPipelineStore``; tests use an in-memory one with the same semantics.
public protocol PipelineStore: Sendable {
    // MARK: Idempotency

    /// Claims message `messageId` of `movie` for `owner` for `leaseSeconds`, unless it was handled already (it is
    /// marked handled or the movie is finished) or a twin of it is being handled by another owner right now.
    func claimMessage(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int) async throws -> MessageClaim
    /// The door's checks of a message of a run it knows, then the claim, in one round trip: when the movie's state
    /// is stored and `style` (if given) is cached or the movie's own, claims the message as
    /// ``claimMessage(_:movie:owner:leaseSeconds:)`` does; otherwise writes nothing and says which check failed.
    func admitAndClaim(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int,
                       style: String?) async throws -> AdmittedClaim
    /// Extends `owner`'s claim on the message; false when the claim is no longer `owner`'s.
    func renewMessageClaim(_ messageId: String, owner: String, leaseSeconds: Int) async throws -> Bool
    /// Marks the message of `movie` handled (for as long as the movie's state lives) and releases `owner`'s claim,
    /// atomically. Returns false when a twin had finished it first (`owner`'s claim lapsed while its handler ran and
    /// another process took the message over): this handling was a duplicate.
    @discardableResult
    func finishMessage(_ messageId: String, movie: MovieRef, owner: String) async throws -> Bool
    /// Releases `owner`'s claim without marking the message handled (its handler failed).
    func releaseMessageClaim(_ messageId: String, movie: MovieRef, owner: String) async throws

    // MARK: First committed result wins

    /// Stores `json` under `key` of the movie unless a result is already there (then stamping the movie's last
    /// progress); returns the stored bytes.
    func commitResult(_ json: Data, key: ExpansionKey, movie: MovieRef) async throws -> Data
    /// The committed results for `keys` (nil where missing), in one round trip.
    func results(_ keys: [ExpansionKey], movie: MovieRef) async throws -> [Data?]

    // MARK: Progress and fan-in

    /// Marks unit `index` of `stage` done (stamping the movie's last progress when the unit is new); returns true to exactly the one claimant that completes all `expected`
    /// units (and again to that same claimant on redelivery).
    func markAndClaim(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String) async throws -> Bool
    /// ``markAndClaim(_:index:expected:movie:claimant:)``, and when that does not hand `claimant` the fan-in,
    /// ``finishMessage(_:movie:owner:)`` of the message `finishing` in the same round trip: for every unit of a
    /// fan-in but the last, the mark is its message's last step.
    func markAndClaimOrFinish(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String,
                              finishing: MessageInHand) async throws -> FanInMark
    /// Marks unit `index` of `stage` done without a fan-in (stamping the movie's last progress when it is new).
    func markProgress(_ stage: Stage, index: Int, movie: MovieRef) async throws
    /// True when unit `index` of `stage` is already done.
    func isProgressMarked(_ stage: Stage, index: Int, movie: MovieRef) async throws -> Bool
    /// Sets fields of the movie's progress record.
    func updateMovie(_ movie: MovieRef, _ fields: [MovieField: String]) async throws
    /// Moves the movie to `state` with `fields`, only forward: a state earlier than the current one (a late
    /// duplicate) changes nothing. Returns whether it moved (and then stamps the movie's last progress).
    @discardableResult
    func advance(_ movie: MovieRef, to state: MovieState, _ fields: [MovieField: String]) async throws -> Bool
    /// The movie's progress record (unknown fields are kept under their raw names).
    func movieFields(_ movie: MovieRef) async throws -> [String: String]
    /// `fields` of each movie of `movieIds` in run `runId`, in their order (a field the movie lacks left out): what a
    /// progress read needs of a thousand movies, without every field of each.
    func movieFields(_ runId: String, movieIds: [String], fields: [MovieField]) async throws -> [[MovieField: String]]
    /// Drops what a finished movie no longer needs (expansion results, fan-in claims, handled-message marks).
    func compact(_ movie: MovieRef) async throws

    // MARK: Runs

    /// Records a run and its movie ids (idempotent: a resubmission of the same run id changes nothing).
    func createRun(_ run: RunRecord, movieIds: [String]) async throws
    /// A run, or nil if unknown.
    func run(_ runId: String) async throws -> RunRecord?
    /// All run ids, oldest first.
    func runIds() async throws -> [String]
    /// A run's movie ids in submission order.
    func movieIds(_ runId: String) async throws -> [String]
    /// Per stage of `stages`, finished units summed over the movies.
    func stageCounts(_ runId: String, movieIds: [String], stages: [Stage]) async throws -> [Stage: Int]
    /// What the door checks a message of `movie` against, in one round trip: whether the movie's state is still
    /// stored, the style it names, whether `style` is cached, and (when `withRun`) the run's record and movie ids.
    func admission(_ movie: MovieRef, style: String?, withRun: Bool) async throws -> MovieAdmission

    // MARK: Styles

    /// Checks the cache and, atomically, claims the learning lease for `owner` or parks `waiter`.
    func claimStyle(_ styleId: String, owner: String, leaseSeconds: Int, waiter: MovieRef) async throws -> StyleClaim
    /// Extends `owner`'s learning lease on the style; false when it is no longer `owner`'s.
    func renewStyleLease(_ styleId: String, owner: String, leaseSeconds: Int) async throws -> Bool
    /// Gives up `owner`'s learning lease (the learner failed), so a parked movie can take it over.
    func releaseStyleLease(_ styleId: String, owner: String) async throws
    /// Stores a learned embedding (the first stored wins), releases `owner`'s lease, returns the stored one.
    func storeStyle(_ embedding: StyleEmbedding, owner: String) async throws -> StyleEmbedding
    /// The cached embedding, or nil.
    func style(_ styleId: String) async throws -> StyleEmbedding?
    /// Movies parked on the style.
    func styleWaiters(_ styleId: String) async throws -> [MovieRef]
    /// Removes waiters whose wake-up was published.
    func removeStyleWaiters(_ styleId: String, _ waiters: [MovieRef]) async throws
    /// Who holds the style's learning lease now, or nil.
    func styleLeaseHolder(_ styleId: String) async throws -> String?

    // MARK: Repair

    /// The units of `stage` marked done for the movie.
    func progressMarks(_ stage: Stage, movie: MovieRef) async throws -> Set<Int>
    /// Marks units whose output is durable (files on disk) again, without stamping progress: marks a crash lost.
    func restoreProgress(_ stage: Stage, indices: [Int], movie: MovieRef) async throws
    /// The message that won `stage`'s fan-in for the movie, or nil.
    func fanInClaimant(_ stage: Stage, movie: MovieRef) async throws -> String?
    /// Forgets that messages of `movie` were handled, so the copies a repair republishes run: their effects were lost.
    func forgetHandled(_ messageIds: [String], movie: MovieRef) async throws
    /// Takes the periodic repair lease for `owner` for `leaseSeconds`, or extends it when it is `owner`'s already;
    /// true to the holder.
    func claimRepairLease(owner: String, leaseSeconds: Int) async throws -> Bool
    /// Gives up `owner`'s repair lease.
    func releaseRepairLease(owner: String) async throws
}

extension PipelineStore {
    /// ``movieFields(_:movieIds:fields:)`` from each movie's whole record, read concurrently (stores without a
    /// one-trip version).
    public func movieFields(_ runId: String, movieIds: [String],
                            fields: [MovieField]) async throws -> [[MovieField: String]] {
        try await withThrowingTaskGroup(of: (Int, [String: String]).self) { group in
            for (index, id) in movieIds.enumerated() {
                group.addTask { (index, try await movieFields(MovieRef(runId: runId, movieId: id))) }
            }
            var all = [[MovieField: String]](repeating: [:], count: movieIds.count)
            for try await (index, record) in group {
                for field in fields { all[index][field] = record[field.rawValue] }
            }
            return all
        }
    }

    /// Per stage, finished units summed over the movies.
    public func stageCounts(_ runId: String, movieIds: [String]) async throws -> [Stage: Int] {
        try await stageCounts(runId, movieIds: movieIds, stages: Stage.allCases)
    }

    /// ``admitAndClaim(_:movie:owner:leaseSeconds:style:)`` in two steps, for stores without a one-trip version:
    /// the admission, then (when it passes) the claim.
    public func admitAndClaim(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int,
                              style: String?) async throws -> AdmittedClaim {
        let admission = try await admission(movie, style: style, withRun: false)
        guard admission.live else { return .movieGone }
        if let style, !admission.styleCached, admission.styleId != style { return .styleUnknown(movieStyle: admission.styleId) }
        return .admitted(try await claimMessage(messageId, movie: movie, owner: owner, leaseSeconds: leaseSeconds))
    }
}

extension PipelineStore {
    /// The mark, then the finish, as two calls (a store whose calls cost no round trip, like the tests' in-memory one).
    public func markAndClaimOrFinish(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String,
                                     finishing: MessageInHand) async throws -> FanInMark {
        try await markThenFinish(stage, index: index, expected: expected, movie: movie, claimant: claimant,
                                 finishing: finishing)
    }

    /// ``markAndClaimOrFinish(_:index:expected:movie:claimant:finishing:)`` as two calls: the mark and claim, then,
    /// unless the fan-in is `claimant`'s, the finish.
    func markThenFinish(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String,
                        finishing: MessageInHand) async throws -> FanInMark {
        if try await markAndClaim(stage, index: index, expected: expected, movie: movie, claimant: claimant) {
            return .claimed
        }
        return .finished(first: try await finishMessage(finishing.messageId, movie: finishing.movie, owner: finishing.owner))
    }
}
