import Clients
import Foundation
import Models
@testable import Pipeline
import TestSupport

/// Steps an ``InMemoryPipeline`` message by message so a test can lose state at the right moment, as a Redis that
/// lost its last second of writes would, or drop a follow-up message.
extension InMemoryPipeline {
    /// Delivers every published message from `start` on, in publish order, until none is left; `drop` says which
    /// ones never arrive, `after` runs once a message was handled. Returns the dead letters.
    @discardableResult
    func step(from start: Int = 0, drop: (Envelope) -> Bool = { _ in false },
              after: (Envelope) async -> Void = { _ in }) async -> [OutgoingMessage] {
        var deadLetters: [OutgoingMessage] = []
        var cursor = start
        while cursor < publisher.published.count {
            let message = publisher.published[cursor]
            cursor += 1
            guard let stage = stage(of: message) else {
                if Stage.allCases.contains(where: { topology.queues(for: $0).deadRoutingKey == message.routingKey }) {
                    deadLetters.append(message)
                }
                continue
            }
            guard let envelope = try? Envelope.decode(message.body), !drop(envelope) else { continue }
            let delivery = Delivery(tag: UInt64(cursor), generation: 0, body: message.body, messageId: message.messageId,
                                    headers: message.headers, redelivered: false, exchange: message.exchange,
                                    routingKey: message.routingKey)
            _ = await runtimes[stage]?.process(delivery)
            await after(envelope)
        }
        return deadLetters
    }

    /// The stage whose work or delay queue a message addresses.
    private func stage(of message: OutgoingMessage) -> Stage? {
        Stage.allCases.first { stage in
            let queues = topology.queues(for: stage)
            return (message.exchange == queues.workExchange && message.routingKey == queues.workRoutingKey)
                || queues.retries.contains { $0.exchange == message.exchange && $0.routingKey == message.routingKey }
        }
    }

    /// The reconciler over this pipeline's store, publisher and output folder.
    func reconciler(maxRepairs: Int? = 3, backlog: (@Sendable () async throws -> [Stage: Int])? = nil) -> Reconciler {
        Reconciler(state: store, publisher: publisher, topology: topology, layout: layout, maxRepairs: maxRepairs,
                   backlog: backlog)
    }

    /// Runs the reconciler (movies idle for `stale` seconds; `backlog` the queues it sees) and returns its report and
    /// the envelopes it published.
    func repair(stale: Double = 0, dryRun: Bool = false,
                backlog: (@Sendable () async throws -> [Stage: Int])? = nil) async throws -> (RepairReport, [Envelope]) {
        let before = publisher.published.count
        let report = try await reconciler(backlog: backlog).reconcile(stale: stale, dryRun: dryRun)
        return (report, publisher.published.dropFirst(before).compactMap { try? Envelope.decode($0.body) })
    }

    /// The movie's recorded state.
    func state(of movie: MovieRef) async throws -> MovieState? {
        try await store.movieFields(movie)[MovieField.state.rawValue].flatMap(MovieState.init(rawValue:))
    }

    /// What a movie left on disk: every file under its folder (frames, story.json, record.json) by relative path.
    func outputs(of movie: MovieRef) throws -> [String: Data] {
        let root = layout.movieDirectory(movie)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
        var files: [String: Data] = [:]
        for case let url as URL in walker where !url.hasDirectoryPath && !url.lastPathComponent.hasPrefix(".") {
            files[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The published envelopes with `id`, in order.
    func published(_ id: String) -> [Envelope] { publisher.envelopes.filter { $0.id == id } }
}
