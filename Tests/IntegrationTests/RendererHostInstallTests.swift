import DreamFrameCore
import Foundation
import Testing
@testable import Pipeline
@testable import DreamFrameCLI
import TestSupport

/// `ops/install-renderer-host.sh` into a staging root (no packages, no user, no systemctl): what a renderer host gets.
@Suite("Renderer host install")
struct RendererHostInstallTests {
    private func install(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.capture("/bin/bash", [TestPaths.repositoryRoot.appendingPathComponent("ops/install-renderer-host.sh").path]
                                       + arguments)
    }

    @Test("the binary, the topology, the unit with --metrics-port and its restart policy, the env files; secrets kept")
    func staging() async throws {
        let root = try TestPaths.temporaryDirectory("df-host")
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = StageProcess.defaultBinDirectory().path
        let first = try await install(["--root", root.path, "--bin", bin])
        #expect(first.status == 0, "\(first.output)")
        let file = { (path: String) in root.appendingPathComponent(path) }
        #expect(FileManager.default.isExecutableFile(atPath: file("usr/local/bin/frame-renderer").path))
        #expect(try Data(contentsOf: file("usr/local/share/dreamframe/definitions.json"))
                == Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Topology/definitions.json")))
        let unit = try String(contentsOf: file("etc/systemd/system/dreamframe@.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/%i --metrics-port ${DREAMFRAME_METRICS_PORT}"))
        for line in ["RestartSec=10", "StartLimitIntervalSec=600", "StartLimitBurst=5", "RestartPreventExitStatus=64",
                     "EnvironmentFile=-/etc/dreamframe/%i.env"] {
            #expect(unit.contains(line), "the unit has \(line)")
        }
        let own = try String(contentsOf: file("etc/dreamframe/frame-renderer.env"), encoding: .utf8)
        #expect(own.contains("DREAMFRAME_METRICS_PORT=9474\n"))
        let env = file("etc/dreamframe/env")
        let mode = try FileManager.default.attributesOfItem(atPath: env.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the env file holds passwords")

        try Data("DREAMFRAME_BROKER_URL=amqp://mine\n".utf8).write(to: env)
        let again = try await install(["--root", root.path, "--bin", bin, "--metrics-port", "9600"])
        #expect(again.status == 0, "\(again.output)")
        #expect(try String(contentsOf: env, encoding: .utf8) == "DREAMFRAME_BROKER_URL=amqp://mine\n", "an existing env file is kept")
        #expect(try String(contentsOf: file("etc/dreamframe/frame-renderer.env"), encoding: .utf8).contains("DREAMFRAME_METRICS_PORT=9600\n"))
    }

    @Test("a missing binary, an unknown stage or a bad port stop it with a message")
    func refusals() async throws {
        let root = try TestPaths.temporaryDirectory("df-host")
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try await install(["--root", root.path, "--bin", root.path])
        #expect(missing.status == 1 && missing.output.contains("--static-swift-stdlib"), "\(missing.output)")
        let stage = try await install(["--root", root.path, "--stage", "painter"])
        #expect(stage.status == 64 && stage.output.contains("unknown stage"), "\(stage.output)")
        let port = try await install(["--root", root.path, "--metrics-port", "http"])
        #expect(port.status == 64 && port.output.contains("--metrics-port"), "\(port.output)")
    }
}
