import Clients
import DreamFrameCore
import Foundation
@testable import DreamFrameCLI
import TestSupport

/// `dreamframe console` as a child process of a test, on a free loopback port, its output in a log file.
final class ConsoleProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let log: URL
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the console with `environment` (the harness's URLs) and waits until it answers `GET /`.
    static func start(environment: [String: String], arguments: [String] = [], log: URL) async throws -> ConsoleProcess {
        let port = try IsolatedServices.freePort()
        let process = Process()
        process.executableURL = StageProcess.defaultBinDirectory().appendingPathComponent("dreamframe")
        process.arguments = ["console", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let console = ConsoleProcess(process: process, port: port, log: log)
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<300 {
            if let response = try? await client.send(HTTPRequest(url: URL(string: console.baseURL + "/")!,
                                                                 timeout: .seconds(5), connectTimeout: .seconds(1))),
               response.status == 200 {
                return console
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        console.stop()
        throw IsolatedServices.ServicesError(description: "the console did not answer on \(port): \(console.output)")
    }

    private init(process: Process, port: Int, log: URL) {
        self.process = process
        self.port = port
        self.log = log
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL after 10 s; waits for exactly its pid.
    func stop() {
        let pid = process.processIdentifier
        guard pid > 0, kill(pid, SIGTERM) == 0 else { return }
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}

/// Headless Chromium as a person uses it: a screenshot of a page, a click on a button (through
/// `Tests/Fixtures/chromium_click.py`, the DevTools protocol over a pipe) and the page it leads to.
enum Browser {
    /// Saves a PNG of `url` at 1280 px wide to `file`.
    static func screenshot(_ url: String, to file: URL, height: Int = 1000) async throws {
        let (status, output) = try await ChildProcess.capture("/usr/bin/chromium", [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,\(height)",
            "--virtual-time-budget=5000", "--screenshot=\(file.path)", url,
        ])
        guard status == 0, FileManager.default.fileExists(atPath: file.path) else {
            throw IsolatedServices.ServicesError(description: "chromium --screenshot \(url) failed (\(status)): \(output)")
        }
    }

    /// Opens `url`, clicks the first element matching `selector`, and returns the DOM of the page the click led
    /// to (and its screenshot in `screenshot`); throws when nothing matches or Chromium fails.
    static func click(_ url: String, _ selector: String, screenshot: URL? = nil) async throws -> String {
        let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/chromium_click.py").path
        let (status, output) = try await ChildProcess.capture("/usr/bin/python3", [script, url, selector]
            + (screenshot.map { ["--screenshot", $0.path] } ?? []))
        guard status == 0 else {
            throw IsolatedServices.ServicesError(description: "clicking \(selector) on \(url) failed (\(status)): \(output)")
        }
        return output
    }

    /// Where the screenshots of the console and the gallery go: `$DF_SCREENSHOT_DIR`, else a folder in /tmp that
    /// the test keeps (its paths are printed).
    static func screenshotDirectory() throws -> URL {
        let path = ProcessInfo.processInfo.environment["DF_SCREENSHOT_DIR"] ?? NSTemporaryDirectory() + "dreamframe-screenshots"
        let url = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
