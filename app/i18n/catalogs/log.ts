/** The public transparency log: the proof page and the link to it from the scan page. Decision 017. */
export const zh = {
  "log.proofLink": "查看公开日志中的签发证明",
  "log.proof.title": "公开日志证明",
  "log.proof.lead":
    "每一批标签的签发、每一次名录变化都写入一份只能追加、由第三方见证的公开日志。下面的结论可以不依赖本平台、用公开的检查点和文件自行核对。",
  "log.proof.statementActive":
    "本码于 {date} 签发给 {enterprise}（统一社会信用代码 {uscc}），用于“{mark}”，签发当日其用标资格有效。",
  "log.proof.statementNotActive":
    "本码于 {date} 签发给 {enterprise}（统一社会信用代码 {uscc}），用于“{mark}”；注意：签发当日其用标资格并不有效（{status}）。",
  "log.proof.entry":
    "公开日志第 {index} 条（从 0 起算）记录了这一批标签：序列号 {from}–{to}，共 {count} 枚；本码序列号 {serial}。",
  "log.proof.checkpoint": "该条目包含在共 {size} 条的检查点中，检查点由 {signer} 签名。",
  "log.proof.witnesses": "见证方联署：{names}。",
  "log.proof.noWitnesses": "这个检查点尚无见证方联署。",
  "log.proof.verified":
    "本页已按 RFC 6962 重新计算：本码能算到这批标签的根，这批标签的条目能算到检查点的根，二者一致。",
  "log.proof.failed": "重新计算不一致：本页无法证明这枚标签的签发记录，请举报。",
  "log.proof.register": "这一用标资格在公开日志中的记录",
  "log.proof.registerEntry": "日志第 {index} 条：{action}，{date} 起生效",
  "log.proof.download": "下载证明",
  "log.proof.downloadTlog": "C2SP tlog-proof 文件",
  "log.proof.downloadJson": "JSON",
  "log.proof.howTo": "自行核对整份日志（取得检查点、全部条目并重新计算）：",
  "log.proof.vkey": "日志的验证公钥：",
  "log.proof.pending": "这枚标签的批次还没有写入已签名的检查点，请一分钟后再试。",
  "log.proof.unknown": "没有这个标签码：它不是本平台签发的。",
  "log.proof.back": "返回查验结果",
  "log.proof.notInRegister": "不在合法使用人名录中",
};

export const en: Record<keyof typeof zh, string> = {
  "log.proofLink": "Proof of issue in the public log",
  "log.proof.title": "Proof from the public log",
  "log.proof.lead":
    "Every issued batch of labels and every change to the register is written to an append-only public log that third parties witness. What this page states can be checked without trusting this system, from the public checkpoint and the files below.",
  "log.proof.statementActive":
    "This code was issued on {date} to {enterprise} (credit code {uscc}) for {mark}, while its authorization was active.",
  "log.proof.statementNotActive":
    "This code was issued on {date} to {enterprise} (credit code {uscc}) for {mark}; note: on that day its authorization was not active ({status}).",
  "log.proof.entry":
    "Log entry #{index} (counting from 0) records this batch: serials {from}–{to}, {count} {count|label|labels}; this code is serial {serial}.",
  "log.proof.checkpoint": "The entry is in the checkpoint of size {size}, signed by {signer}.",
  "log.proof.witnesses": "Cosigned by the witnesses {names}.",
  "log.proof.noWitnesses": "No witness has cosigned this checkpoint yet.",
  "log.proof.verified":
    "Recomputed here by RFC 6962: the code leads to the batch's root, and the batch's entry leads to the checkpoint's root.",
  "log.proof.failed": "The recomputation does not match: this page cannot prove the label's issue. Please report it.",
  "log.proof.register": "This authorization's entries in the public log",
  "log.proof.registerEntry": "Entry #{index}: {action}, effective {date}",
  "log.proof.download": "Download the proof",
  "log.proof.downloadTlog": "C2SP tlog-proof file",
  "log.proof.downloadJson": "JSON",
  "log.proof.howTo": "To check the whole log yourself (fetch the checkpoint and every entry, recompute):",
  "log.proof.vkey": "The log's verifier key:",
  "log.proof.pending": "This label's batch is not in a signed checkpoint yet. Please try again in a minute.",
  "log.proof.unknown": "No such label code: it was not issued by this system.",
  "log.proof.back": "Back to the check",
  "log.proof.notInRegister": "not in the register",
};
