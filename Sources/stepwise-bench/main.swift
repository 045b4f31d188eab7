// `stepwise-bench SUITE` runs one benchmark suite (design §8) and writes bench-results/SUITE.json.
import Foundation

switch CommandLine.arguments.dropFirst().first {
case "http": HTTPBench.run()
case "cloud": CloudBench.run()
default:
    FileHandle.standardError.write(Data("usage: stepwise-bench SUITE   (suites: http, cloud)\n".utf8))
    exit(2)
}
