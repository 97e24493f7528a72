import Foundation
import QamqorEngine

// Usage: decide-one RULES_DIR APPLICANT_FILE [kk|ru|en]
let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: decide-one RULES_DIR APPLICANT_FILE [kk|ru|en]\n".utf8))
    exit(2)
}
let language = args.count > 3 ? Language(rawValue: args[3]) ?? .en : .en

let rules: RuleSet
switch RuleSet.load(from: DirectoryRuleSource(directory: args[1])) {
case .success(let r): rules = r
case .failure(let d):
    FileHandle.standardError.write(Data((d.rendered(language: language) + "\n").utf8))
    exit(1)
}

guard let text = try? String(contentsOfFile: args[2], encoding: .utf8) else {
    FileHandle.standardError.write(Data("\(args[2]): cannot read the file\n".utf8))
    exit(1)
}
let record: RecordValue
switch rules.recordReader.read(SourceFile(path: args[2], text: text)) {
case .success(let r): record = r
case .failure(let d):
    FileHandle.standardError.write(Data((d.rendered(language: language) + "\n").utf8))
    exit(1)
}

do {
    for d in try rules.decide(record) {
        let amount = d.amount.map { " \($0) ₸" } ?? ""
        print("\(d.program)\t\(d.status.rawValue)\(amount)\t\(d.title[language])")
    }
} catch {
    FileHandle.standardError.write(Data("\(error.message(in: language))\n".utf8))
    exit(1)
}
