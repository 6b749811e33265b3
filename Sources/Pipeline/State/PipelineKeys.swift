import Models
import Clients
import DreamFrameCore
import Foundation

/// Every Redis key the pipeline uses, in one place.
public enum PipelineKeys {
    static let prefix = "df"

    /// Sorted set of run ids by creation time.
    public static let runs = "\(prefix):runs"
    /// Hash: a run's configuration and timestamps.
    public static func run(_ runId: String) -> String { "\(prefix):run:\(runId)" }
    /// Sorted set: a run's movie ids by index.
    public static func movies(_ runId: String) -> String { "\(prefix):run:\(runId):movies" }
    /// Hash: one movie's state, counts expected and timestamps.
    public static func movie(_ m: MovieRef) -> String { "\(prefix):movie:\(m.runId):\(m.movieId)" }
    /// Bitmap: which units of a stage are finished for the movie (bit = unit index).
    public static func progress(_ m: MovieRef, _ stage: Stage) -> String { "\(movie(m)):done:\(stage.rawValue)" }
    /// Hash: expansion results, first committed wins (`plot`, `s/<i>`, `t/<i>/<j>`).
    public static func story(_ m: MovieRef) -> String { "\(movie(m)):story" }
    /// String: which message won a stage's fan-in for the movie.
    public static func fanIn(_ m: MovieRef, _ stage: Stage) -> String { "\(movie(m)):fanin:\(stage.rawValue)" }
    /// Hash: the ids of the movie's handled messages (its idempotency marks). Dropped once the movie is done: the
    /// movie hash's `done` state answers for all of them from then on.
    public static func handled(_ m: MovieRef) -> String { "\(movie(m)):handled" }
    /// Counter: handlings of a message that began and did not end (cleared when one ends); a day's lifetime.
    public static func starts(_ messageId: String) -> String { "\(prefix):starts:\(messageId)" }
    /// String: who is handling a message right now (lease).
    public static func inFlight(_ messageId: String) -> String { "\(prefix):inflight:\(messageId)" }
    /// String: a learned style embedding (JSON), the style cache.
    public static func style(_ styleId: String) -> String { "\(prefix):style:\(styleId)" }
    /// String: who is learning a style now (lease).
    public static func styleLock(_ styleId: String) -> String { "\(prefix):style:\(styleId):lock" }
    /// String: which process runs the periodic repair now (lease).
    public static let repairLease = "\(prefix):repair:lease"
    /// Set: movies waiting for a style another movie is learning.
    public static func styleWaiters(_ styleId: String) -> String { "\(prefix):style:\(styleId):waiters" }
    /// String: a stage process's latest heartbeat (``WorkerReport`` JSON); expires when the process stops reporting.
    public static func worker(_ token: String) -> String { "\(prefix):worker:\(token)" }
    /// The pattern matching every worker heartbeat key.
    public static let workerPattern = "\(prefix):worker:*"
}
