import Foundation
import Models
import Pipeline

/// A fixed, plausible store for fuzzing the door (``MessageCheck``) without Redis: one run and its movies' state,
/// answering a message's admission as the store would (``PipelineStore/admission(_:style:withRun:)``).
///
/// Run `run-1`: three movies, seed 11, branching 2,2,3 (12 frames a movie), themes "the sea" and "a city",
/// 256x144 frames, no reference images. `movie-0001` has named its own style (``ownStyle``, not in the cache),
/// `movie-0002` has none yet, and `movie-0003`'s state is gone (expired while its run lived on). The style cache
/// holds ``cachedStyle`` only. The seeds in `Tests/Fuzz/corpus/door/` are messages for this scene.
public struct DoorScene: Sendable {
    /// The run every seed names.
    public let run = RunRecord(runId: "run-1", movies: 3, seed: 11, branching: Branching(substories: 2, tinystories: 2, keyframes: 3),
                               themes: ["the sea", "a city"], width: 256, height: 144, styleImages: nil, createdAt: 0)
    /// The run's movies in submission order.
    public let movieIds = ["movie-0001", "movie-0002", "movie-0003"]
    /// The style `movie-0001` named as its own (its style stage is learning it; not cached yet).
    public static let ownStyle = "noir-0123456789abcdef"
    /// The one style in the cache.
    public static let cachedStyle = "cached-0123abcd"
    /// Movie id → its style, for the movies whose state is stored (`movie-0003`'s is gone).
    let liveMovies: [String: String?] = ["movie-0001": ownStyle, "movie-0002": nil]

    public init() {}

    /// What the store answers for `movie` and the `style` a message names: the run only for its own id.
    public func admission(_ movie: MovieRef, style: String?) -> MovieAdmission {
        let known = movie.runId == run.runId
        let styleId = known ? liveMovies[movie.movieId] ?? nil : nil
        return MovieAdmission(run: known ? run : nil, movieIds: known ? movieIds : [],
                              live: known && liveMovies[movie.movieId] != nil, styleId: styleId,
                              styleCached: style == Self.cachedStyle)
    }

    /// Runs the door on `envelope` with a check of its own, twice: once learning the run from the scene, once with
    /// the run remembered (``RunBook``). Returns the violation, or nil when the message passes.
    ///
    /// Traps (a fuzzing crash) when the two verdicts differ, when a reason is longer than 2 KB, or when a message
    /// that passed breaks a bound of the run: a bad message must never get past the door, whatever it says.
    public func check(_ envelope: Envelope, limits: MessageLimits = MessageLimits()) -> MessageViolation? {
        let door = MessageCheck(limits: limits)
        let answer = admission(envelope.movie, style: Self.style(of: envelope))
        let first = Self.verdict { try door.check(envelope, admission: answer) }
        let remembered = Self.verdict { try door.check(envelope, admission: answer) }
        precondition(first == remembered, "the remembered run changed the verdict: \(String(describing: first)) vs \(String(describing: remembered))")
        if let first {
            precondition(first.description.utf8.count <= 2048, "a reason of \(first.description.utf8.count) bytes")
        } else {
            expectWithinBounds(envelope, limits: limits)
        }
        return first
    }

    /// What a message that passed must satisfy: a live movie of the run, the id its content derives, indexes and
    /// counts within the run's branching, the run's frame size, a style that is cached or the movie's own.
    func expectWithinBounds(_ envelope: Envelope, limits: MessageLimits) {
        let movie = envelope.movie
        let b = run.branching
        precondition(movie.runId == run.runId && liveMovies[movie.movieId] != nil, "passed for a movie not live: \(movie)")
        precondition(envelope.id == MessageId.derived(from: envelope), "passed with an id it does not derive: \(envelope.id)")
        precondition(envelope.id.utf8.count <= limits.maxIdBytes, "passed with an id of \(envelope.id.utf8.count) bytes")
        if let style = Self.style(of: envelope) {
            precondition(style == Self.cachedStyle || style == liveMovies[movie.movieId] ?? nil, "passed with style \(style)")
        }
        switch envelope.body {
        case .expandSubstory(let m):
            precondition((0..<b.substories).contains(m.request.substory.index) && m.request.tinystoryCount == b.tinystories,
                         "expand-substory passed out of bounds")
        case .expandTinystory(let m):
            precondition((0..<b.substories).contains(m.substoryIndex) && (0..<b.tinystories).contains(m.request.tinystory.index)
                         && m.request.keyframeCount == b.keyframes, "expand-tinystory passed out of bounds")
        case .renderFrame(let m):
            precondition(m.count == b.framesPerMovie && (1...m.count).contains(m.index) && m.width == run.width
                         && m.height == run.height, "render-frame passed out of bounds")
        case .writePlot(let m):
            precondition(m.branching == b, "write-plot passed with branching \(m.branching)")
        case .learnStyle, .styleReady, .validateMovie:
            break
        }
    }

    /// The style a message names, if any.
    static func style(of envelope: Envelope) -> String? {
        switch envelope.body {
        case .styleReady(let m): return m.styleId
        case .renderFrame(let m): return m.styleId
        default: return nil
        }
    }

    private static func verdict(_ check: () throws -> Void) -> MessageViolation? {
        do {
            try check()
            return nil
        } catch let violation as MessageViolation {
            return violation
        } catch {
            preconditionFailure("the door threw something other than a violation: \(error)")
        }
    }
}
