import DreamFrameCore
import Foundation
import Models
import Synchronization

/// What rendered a run's frames, kept beside the run for its dataset card: each renderer process writes its
/// ``RenderSettings`` once per run as `<run>/renderers/<hash>.json` (renderers with the same settings share one
/// file; a fleet with different ones leaves one each).
public final class RendererRecord: Sendable {
    private let settings: RenderSettings
    private let written = Mutex<Set<String>>([])

    /// A record of `settings`.
    public init(settings: RenderSettings) {
        self.settings = settings
    }

    /// Writes the settings for `runId` unless this process did already (best effort: the card is a summary).
    public func note(runId: String, layout: OutputLayout) {
        guard written.withLock({ $0.insert(runId).inserted }) else { return }
        guard let data = try? JSONCoding.compactEncoder().encode(settings) else { return }
        let file = layout.rendererSettings(runId).appendingPathComponent(String(StableHash.fnv1a(data), radix: 16) + ".json")
        if !FileManager.default.fileExists(atPath: file.path) { try? AtomicFile.writeJSON(settings, to: file) }
    }

    /// Every setting the run's renderers recorded.
    public static func all(runId: String, layout: OutputLayout) -> [RenderSettings] {
        let folder = layout.rendererSettings(runId)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
                .flatMap { try? JSONDecoder().decode(RenderSettings.self, from: $0) }
        }
    }
}
