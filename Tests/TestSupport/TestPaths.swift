import Foundation
import Logging
import Pipeline

/// Files the tests read: the checkout, its topology and the authors' sample.
public enum TestPaths {
    /// The repository root (this file is `Tests/TestSupport/TestPaths.swift`).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The project's broker topology, `Topology/definitions.json`.
    public static let topology: Topology = {
        do {
            return try Topology.load(path: repositoryRoot.appendingPathComponent("Topology/definitions.json").path)
        } catch {
            fatalError("the checkout's topology does not load: \(error)")
        }
    }()

    /// The authors' sample: `$DREAMFRAME_SAMPLE_DIR`, else `shared/` beside the checkout (as CI lays it out), else
    /// the workplace's copy.
    public static let sampleDirectory: URL = {
        let candidates = [ProcessInfo.processInfo.environment["DREAMFRAME_SAMPLE_DIR"],
                          repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/dreamframe-sample").path,
                          "/work/shared/reference/dreamframe-sample"].compactMap { $0 }
        let found = candidates.first { FileManager.default.fileExists(atPath: $0 + "/story_info_0.json") } ?? candidates[0]
        return URL(fileURLWithPath: found, isDirectory: true)
    }()

    /// A logger that is quiet unless `DF_TEST_DEBUG` is set.
    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["DF_TEST_DEBUG"] != nil ? .debug : .warning
        return logger
    }

    /// A logger for tests that provoke failures on purpose: silent unless `DF_TEST_DEBUG` is set.
    public static var quietLogger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["DF_TEST_DEBUG"] != nil ? .debug : .critical
        return logger
    }

    /// A unique name for test-owned queues, keys and folders.
    public static func unique(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ prefix: String = "df-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(unique(prefix), isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
