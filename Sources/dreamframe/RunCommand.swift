import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe run`: starts the five stages as child processes, submits a batch, shows progress, exports the dataset
/// and stops the stages cleanly.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the whole pipeline locally on a batch: start the stages, submit, wait, export, stop.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var batch: SubmitOptions
    @OptionGroup var backends: BackendOptions

    @Option(name: .customLong("renderers"), help: "Frame-renderer processes to start.")
    var renderers: Int = 2

    @Option(name: .customLong("timeout"), help: "Seconds to wait for the batch before giving up.")
    var timeout: Double = 3600

    @Option(name: .customLong("metrics-port"),
            help: "Serve each stage process's metrics on its own port, counting up from this one (P, P+1, …); 0: none (env DREAMFRAME_METRICS_PORT).")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-targets"),
            help: "Write the stage processes' metrics addresses to FILE as a Prometheus file_sd target list (with --metrics-port).")
    var metricsTargets: String?

    @Flag(name: .customLong("no-video"), help: "Make no video.mp4 per movie (the QA validator's ffmpeg work; the frames stay).")
    var noVideo = false

    func validate() throws {
        guard (1...64).contains(renderers) else { throw ValidationError("--renderers: expected 1...64, got \(renderers)") }
        guard timeout > 0 else { throw ValidationError("--timeout: expected a positive number of seconds, got \(timeout)") }
    }

    func run() async throws {
        let record = batch.record()
        var flags = backends.flags
        flags[.metricsPort] = metricsPort.map(String.init)
        if noVideo { flags[.videos] = "off" }
        try await withServices(connection, extraFlags: flags) { services in
            let layout = services.settings.layout
            let logs = layout.runDirectory(record.runId).appendingPathComponent("logs")
            var stages: [StageProcess] = []
            let environment = childEnvironment(services.settings)
            let metrics = try ChildMetricsPorts(settings: try MetricsSettings(source: services.settings.source),
                                                children: Stage.allCases.count - 1 + renderers, targetsFile: metricsTargets)
            for stage in Stage.allCases {
                let copies = stage == .frameRenderer ? renderers : 1
                for copy in 1...copies {
                    let own = environment.merging(metrics.environment(child: stages.count)) { _, new in new }
                    stages.append(try StageProcess(stage: stage, environment: own,
                                                   logFile: logs.appendingPathComponent("\(stage.rawValue)-\(copy).log")))
                }
            }
            print("started \(stages.count) stage processes (\(renderers) renderers); logs in \(logs.path)")
            do {
                if let announcement = try metrics.announce(stages.map(\.stage)) { print(announcement) }
                try await RunSubmitter(state: services.state, publisher: services.publisher,
                                       topology: services.settings.topology).submit(record)
                print("submitted run \(record.runId): \(record.movies) movies, branching \(record.branching), \(record.branching.framesPerMovie) frames each")
                try await waitForRun(record, services: services, stages: stages)
                // Written at once (print is buffered when stdout is a file): benchmarks watch for this line.
                FileHandle.standardOutput.write(Data(String(format: "pipeline finished in %.1f s: every movie validated\n",
                                                            Date().timeIntervalSince(Date(timeIntervalSince1970: record.createdAt))).utf8))
            } catch {
                await stop(stages)
                metrics.withdraw()
                throw error
            }
            await stop(stages)
            metrics.withdraw()
            let exporter = DatasetExporter(layout: layout)
            try measureStyle(runId: record.runId, layout: layout, records: try exporter.records(runId: record.runId))
            let summary = try exporter.exportUntilStable(runId: record.runId, run: record)
            let started = Date(timeIntervalSince1970: record.createdAt)
            print(String(format: "done in %.1f s: %d movies, %d frames, %d QA kept (%d rejected)",
                         Date().timeIntervalSince(started), summary.movies, summary.frames, summary.qaKept, summary.qaRejected))
            print("dataset: \(layout.datasetDirectory(record.runId).path)")
        }
    }

    /// Environment for the children: every setting this process resolved (flag, environment or config file), so
    /// each child sees exactly what the parent did.
    private func childEnvironment(_ settings: Settings) -> [String: String] {
        var env: [String: String] = [:]
        for key in SettingKey.allCases {
            if let value = settings.source.string(key) { env[key.environmentVariable] = value }
        }
        env[SettingKey.brokerURL.environmentVariable] = settings.source.string(.brokerURL, default: Settings.defaultBrokerURL)
        env[SettingKey.redisURL.environmentVariable] = settings.source.string(.redisURL, default: Settings.defaultRedisURL)
        env[SettingKey.topology.environmentVariable] = URL(fileURLWithPath: settings.topology.source).standardizedFileURL.path
        env[SettingKey.out.environmentVariable] = settings.layout.root.path
        env[SettingKey.logLevel.environmentVariable] = settings.logLevel.rawValue
        if let path = settings.source.configFile {
            env["DREAMFRAME_CONFIG"] = URL(fileURLWithPath: path).standardizedFileURL.path
        }
        return env
    }

    private func waitForRun(_ record: RunRecord, services: CLIServices, stages: [StageProcess]) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        let replayer = DeadLetterReplayer(broker: services.settings.broker, topology: services.settings.topology)
        let monitor = QueueMonitor(broker: services.settings.broker, topology: services.settings.topology,
                                   managementURL: nil)
        let deadAtStart = try await monitor.snapshot().reduce(0) { $0 + $1.dead }
        var lastLine = ""
        var tick = 0
        while true {
            if let crashed = stages.first(where: { !$0.isRunning }) {
                throw ValidationError("stage \(crashed.stage.rawValue) exited with status \(crashed.exitCode ?? -1); its log:\n\(crashed.logTail())")
            }
            let started = ContinuousClock.now
            guard let progress = try await RunProgress.load(runId: record.runId, state: services.state) else {
                throw ValidationError("run \(record.runId) vanished from Redis")
            }
            // Reading a thousand movies' progress takes a while: look at most a tenth of the time.
            let pause = max(.milliseconds(500), (ContinuousClock.now - started) * 10)
            let line = progress.stages.map { "\($0.stage) \($0.done)/\($0.total)" }.joined(separator: "  ")
            if line != lastLine || tick % 20 == 0 {
                print("[\(StatusReport.duration(progress.elapsedSeconds))] \(line)  ETA \(progress.etaSeconds.map(StatusReport.duration) ?? "-")")
                lastLine = line
            }
            if progress.isComplete { return }
            tick += 1
            if tick % 10 == 0, try await monitor.snapshot().reduce(0, { $0 + $1.dead }) > deadAtStart {
                let letters = try await replayer.list(DeadLetterFilter(runId: record.runId))
                if !letters.isEmpty {
                    printLetters(letters, json: false, verb: "dead-lettered in this run")
                    throw ValidationError("run \(record.runId) cannot complete: fix the cause, then 'dreamframe replay requeue --run \(record.runId)'")
                }
            }
            if Date() > deadline { throw ValidationError("run \(record.runId) did not finish within \(Int(timeout)) s; see 'dreamframe status \(record.runId)'") }
            try await Task.sleep(for: pause)
        }
    }

    private func stop(_ stages: [StageProcess]) async {
        stages.forEach { $0.terminate() }
        for stage in stages {
            if await stage.waitForExit(timeout: .seconds(60)) == nil { stage.kill9() }
        }
    }
}
