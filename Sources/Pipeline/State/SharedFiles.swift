import Foundation

/// Files another host wrote: on a shared filesystem (NFS) a file written elsewhere can stay invisible here for a
/// few seconds, so a missing file is waited for (bounded) and then reported as transient, never as permanent.
public enum SharedFiles {
    /// How long a stage waits for a file another stage wrote before giving up on this attempt.
    public static let defaultWait: Duration = .seconds(10)

    /// Waits until every file of `urls` exists or `limit` passes; returns those still missing.
    public static func awaitFiles(_ urls: [URL], limit: Duration = defaultWait) async -> [URL] {
        var missing = urls.filter { !FileManager.default.fileExists(atPath: $0.path) }
        let deadline = ContinuousClock.now + limit
        var pause = Backoff(start: .milliseconds(50), limit: .seconds(1))
        while !missing.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: min(pause.next(), deadline - ContinuousClock.now))
            missing = missing.filter { !FileManager.default.fileExists(atPath: $0.path) }
        }
        return missing
    }

    /// Waits for one file; throws a transient error naming it (and the likely cause) when it does not appear.
    public static func require(_ url: URL, what: String, limit: Duration = defaultWait) async throws {
        guard await !awaitFiles([url], limit: limit).isEmpty else { return }
        throw StageError.transient("\(what) is not visible at \(url.path) after \(limit) (written on another host "
            + "and not yet visible here, or is --out not the same for every stage?)")
    }
}
