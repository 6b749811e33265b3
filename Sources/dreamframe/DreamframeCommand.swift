import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore

/// The `dreamframe` command: submit and watch runs, replay dead letters, export datasets, run the whole pipeline.
@main
struct DreamframeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dreamframe",
        abstract: "Manufacture video instruction-tuning data: a distributed DreamFrame pipeline over RabbitMQ and Redis.",
        subcommands: [RunCommand.self, SubmitCommand.self, StatusCommand.self, ReplayCommand.self, ExportCommand.self,
                      TopologyCommand.self, BenchCommand.self, StoryCommand.self, ValidateCommand.self,
                      RenderCommand.self, ImportCommand.self, StyleCommand.self, InspectCommand.self, RepairCommand.self,
                      WaitCommand.self, ConsoleCommand.self])
}
