import Foundation
import SwitchboardCLI

exit(
    await SwitchboardCLI.run(
        Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
        console: .standard))
