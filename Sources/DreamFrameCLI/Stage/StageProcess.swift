import DreamFrameCore
import Pipeline
import Foundation

/// A stage executable running as a child process, its output going to a log file.
public final class StageProcess: @unchecked Sendable {
    public let stage: Stage
    public let logFile: URL
    private let process: Process
    private let exit = ExitSignal()

    /// Starts `stage` with `arguments`, extra `environment`, and stdout/stderr appended to `logFile`. A `launcher`
    /// (an argument vector such as `["/usr/sbin/ip", "netns", "exec", "host-a"]`) runs the stage through it; it must
    /// exec the stage in place, so ``pid`` stays the stage's.
    public init(stage: Stage, arguments: [String] = [], environment: [String: String] = [:], logFile: URL,
                binDirectory: URL? = nil, launcher: [String] = []) throws {
        self.stage = stage
        self.logFile = logFile
        let directory = binDirectory ?? Self.defaultBinDirectory()
        let executable = directory.appendingPathComponent(stage.rawValue)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ConfigurationError.missing("stage executable \(executable.path)", hint: "build the package first (swift build) or set DREAMFRAME_BIN_DIR")
        }
        try FileManager.default.createDirectory(at: logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: logFile.path),
           !FileManager.default.createFile(atPath: logFile.path, contents: nil) {
            throw ConfigurationError.invalid("stage log file", value: logFile.path, expected: "a writable path")
        }
        let handle = try FileHandle(forWritingTo: logFile)
        handle.seekToEndOfFile()
        process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.environment = StageProcess.crashSettings.merging(ProcessInfo.processInfo.environment) { _, own in own }
            .merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exit] finished in exit.fire(finished.terminationStatus) }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var exitCode: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Asks for a graceful stop (SIGTERM: finish in-flight work, then exit 0).
    public func terminate() { if process.isRunning { kill(process.processIdentifier, SIGTERM) } }

    /// Kills at once (SIGKILL), as a crash or an OOM kill would.
    public func kill9() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Waits for the process to exit (at most `timeout`), returning its exit status or nil on timeout.
    public func waitForExit(timeout: Duration = .seconds(60)) async -> Int32? {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { [exit] in await exit.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            exit.cancelWaiters()
            return first
        }
    }

    /// The last lines of the log.
    public func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// The folder of the running executable, or `$DREAMFRAME_BIN_DIR`.
    public static func defaultBinDirectory() -> URL {
        if let dir = ProcessInfo.processInfo.environment["DREAMFRAME_BIN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        let executable = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // Test bundles live inside the build folder (…/debug/X.xctest/…): walk up to the folder holding the stages.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(Stage.plotWriter.rawValue).path),
              directory.pathComponents.count > 2 {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }
}

/// Resumes waiters when the child process exits (its termination handler fires once).
final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int32?
    private var waiters: [CheckedContinuation<Int32?, Never>] = []

    func fire(_ code: Int32) {
        let pending: [CheckedContinuation<Int32?, Never>] = lock.withLock {
            status = code
            defer { waiters.removeAll() }
            return waiters
        }
        pending.forEach { $0.resume(returning: code) }
    }

    func wait() async -> Int32? {
        await withCheckedContinuation { continuation in
            let done: Int32?? = lock.withLock {
                if let status { return .some(status) }
                waiters.append(continuation)
                return .none
            }
            if case .some(let code) = done { continuation.resume(returning: code) }
        }
    }

    /// Releases waiters left behind after a timeout (they answer nil).
    func cancelWaiters() {
        let pending: [CheckedContinuation<Int32?, Never>] = lock.withLock {
            guard status == nil else { return [] }
            defer { waiters.removeAll() }
            return waiters
        }
        pending.forEach { $0.resume(returning: nil) }
    }

}

extension StageProcess {
    /// How a stage process that crashes reports it, unless the environment says otherwise: a backtrace of the
    /// crashed thread only, never waiting for a debugger or a keypress, so the process always exits at once (139)
    /// and its supervisor restarts it.
    public static let crashSettings = ["SWIFT_BACKTRACE": "enable=yes,interactive=no,threads=crashed"]
}
