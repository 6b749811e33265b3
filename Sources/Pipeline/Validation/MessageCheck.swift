import DreamFrameCore
import Foundation
import Models

/// One check at the door per message kind, run before a message has any effect (before its claim, so a bad message
/// writes nothing to Redis and nothing to disk): a violation is a ``MessageViolation``, dead-lettered at once.
///
/// What it holds every message to, in order:
/// 1. its ids: safe, bounded ids (see ``MessageLimits``), the body's movie the envelope's;
/// 2. its texts: bounded sizes and list lengths, no control characters;
/// 3. its run and movie (one store round trip; run records are remembered per process): the run exists, the movie
///    is one of its movies and its state is still stored;
/// 4. the run's own bounds: branching, seeds, indexes and counts, frame size and reference images as the run
///    derives them — never as the message claims them;
/// 5. its id: exactly the id its content derives (``MessageId/derived(from:)``), so no message can stand in for
///    another's idempotency mark;
/// 6. its style (`style-ready`, `render-frame`): in the cache, or the movie's own style, which its stage learns.
///
/// Only facts a legitimately derived message always satisfies are checked — never a movie's progress, which a
/// Redis that lost writes may set back, and which the handlers and the repair already deal with.
public struct MessageCheck: Sendable {
    public let limits: MessageLimits
    let book: RunBook

    /// A check with `limits`, remembering up to `runCapacity` runs.
    public init(limits: MessageLimits = MessageLimits(), runCapacity: Int = 256) {
        self.limits = limits
        self.book = RunBook(capacity: runCapacity)
    }

    /// Checks `envelope` against `state`; throws a ``MessageViolation`` when it can never be valid, or the store's
    /// error when it cannot be read (an outage holds the message like any other).
    public func check(_ envelope: Envelope, state: any PipelineStore) async throws {
        try checkIds(envelope)
        try checkTexts(envelope)
        let known = book.entry(envelope.movie.runId)
        let admission = try await state.admission(envelope.movie, style: Self.styleNamed(by: envelope), withRun: known == nil)
        try checkAdmitted(envelope, admission: admission, known: known)
    }

    /// The same check as ``check(_:state:)`` with the store's answer given instead of read: `admission` is what the
    /// store holds for the envelope's movie (its run's record and movie list included, unless this check already
    /// remembers the run). No I/O — for fuzzing and replaying the door without Redis.
    package func check(_ envelope: Envelope, admission: MovieAdmission) throws {
        try checkIds(envelope)
        try checkTexts(envelope)
        try checkAdmitted(envelope, admission: admission, known: book.entry(envelope.movie.runId))
    }

    /// Steps 3 to 6 once the store answered: the run (`known` when remembered before the store was asked, else
    /// learned from `admission`), the movie's place in it and its state, the run's bounds, the derived id, the style.
    private func checkAdmitted(_ envelope: Envelope, admission: MovieAdmission, known: RunBook.Entry?) throws {
        let movie = envelope.movie
        let run: RunBook.Entry
        if let known {
            run = known
        } else {
            guard let record = admission.run else {
                throw violation(envelope, "movie.runId", movie.runId, "no such run (it was never submitted, or it expired)")
            }
            run = book.remember(record, movieIds: admission.movieIds ?? [])
        }
        let position = try position(of: envelope, in: run)
        guard admission.live else { throw goneViolation(envelope) }
        try checkAgainstRun(envelope, run: run.record, position: position)
        try checkDerivedId(envelope)
        if let style = Self.styleNamed(by: envelope), !admission.styleCached, admission.styleId != style {
            throw styleViolation(envelope, style: style, movieStyle: admission.styleId)
        }
    }

    /// The movie's position in its run, or the violation of a movie that is not one of the run's.
    func position(of envelope: Envelope, in run: RunBook.Entry) throws -> Int {
        let movie = envelope.movie
        guard let position = run.positions[movie.movieId] else {
            throw violation(envelope, "movie.movieId", movie.movieId,
                            "not one of the \(run.positions.count) movies of run \(MessageViolation.quote(movie.runId))")
        }
        return position
    }

    /// The message's id must be the one its content derives.
    func checkDerivedId(_ envelope: Envelope) throws {
        let derived = MessageId.derived(from: envelope)
        guard envelope.id == derived else {
            throw violation(envelope, "id", envelope.id, "must be the id its content derives, \(MessageViolation.quote(derived))")
        }
    }

    /// The violation of a message whose movie's state is gone.
    func goneViolation(_ envelope: Envelope) -> MessageViolation {
        violation(envelope, "movie.movieId", envelope.movie.movieId, "the movie's state is gone (its run expired)")
    }

    /// The violation of a message naming `style`, which is neither cached nor the movie's own (`movieStyle`).
    func styleViolation(_ envelope: Envelope, style: String, movieStyle: String?) -> MessageViolation {
        violation(envelope, "body.styleId", style, "no such style in the cache, and not the style of movie "
                  + "\(MessageViolation.quote(envelope.movie.movieId)) (\(movieStyle.map { MessageViolation.quote($0) } ?? "none yet"))")
    }

    /// The style a message asks to render with or announces (nil for kinds that name none).
    static func styleNamed(by envelope: Envelope) -> String? {
        switch envelope.body {
        case .styleReady(let m): return m.styleId
        case .renderFrame(let m): return m.styleId
        default: return nil
        }
    }

    /// A violation of `rule` by text field `field`.
    func violation(_ envelope: Envelope, _ field: String, _ value: String, _ rule: String) -> MessageViolation {
        MessageViolation(envelope.kind, field: field, value: MessageViolation.quote(value), rule: rule)
    }

    /// A violation of `rule` by number field `field`.
    func violation<N: BinaryInteger>(_ envelope: Envelope, _ field: String, _ value: N, _ rule: String) -> MessageViolation {
        MessageViolation(envelope.kind, field: field, value: String(value), rule: rule)
    }
}
