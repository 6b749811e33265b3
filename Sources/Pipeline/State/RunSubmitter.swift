import Models
import Clients
import DreamFrameCore
import Foundation

/// Creates a run: records it in Redis and publishes one ``WritePlot`` per movie, with confirms.
public struct RunSubmitter: Sendable {
    public let state: any PipelineStore
    public let publisher: any MessagePublisher
    public let topology: Topology

    public init(state: any PipelineStore, publisher: any MessagePublisher, topology: Topology) {
        self.state = state
        self.publisher = publisher
        self.topology = topology
    }

    /// A new run id: `run-YYYYMMDD-HHMMSS-xxxxxxxx` (UTC time and 32 random bits, so runs started at the same second
    /// on different machines differ).
    public static func newRunId(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "run-\(formatter.string(from: now))-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The id of movie `index` (0-based): `movie-0001`, …
    public static func movieId(_ index: Int) -> String {
        String(format: "movie-%04d", index + 1)
    }

    /// Records the run and publishes its movies; returns the movie refs.
    @discardableResult
    public func submit(_ run: RunRecord) async throws -> [MovieRef] {
        let ids = (0..<run.movies).map(Self.movieId)
        for id in ids { try MessageCheck.checkSubmission(runId: run.runId, movieId: id) }
        try await state.createRun(run, movieIds: ids)
        let envelopes = ids.enumerated().map { index, id in NextMessages.writePlot(run: run, movieId: id, index: index) }
        try await publisher.publish(envelopes.map { try topology.outgoing($0) })
        return envelopes.map(\.movie)
    }
}
