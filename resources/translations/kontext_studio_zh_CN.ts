<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActiveJobsLabel</name>
    <message>
        <source>{running} running, {waiting} waiting</source>
        <translation>{running} 个运行中，{waiting} 个等待中</translation>
    </message>
    <message>
        <source>{count} jobs waiting</source>
        <translation>{count} 个任务等待中</translation>
    </message>
    <message>
        <source>1 job waiting its turn</source>
        <translation>1 个任务排队等候中</translation>
    </message>
    <message>
        <source>{count} jobs waiting their turn</source>
        <translation>{count} 个任务排队等候中</translation>
    </message>
    <message>
        <source>1 job waiting to be sent again</source>
        <translation>1 个任务等待重新发送</translation>
    </message>
    <message>
        <source>{count} jobs waiting to be sent again</source>
        <translation>{count} 个任务等待重新发送</translation>
    </message>
    <message>
        <source>No jobs running</source>
        <translation>没有进行中的任务</translation>
    </message>
    <message>
        <source>1 job running</source>
        <translation>1 个任务进行中</translation>
    </message>
    <message>
        <source>{count} jobs running</source>
        <translation>{count} 个任务进行中</translation>
    </message>
    <message>
        <source>1 job being added to the library…</source>
        <translation>1 个任务正在加入图库…</translation>
    </message>
    <message>
        <source>{count} jobs being added to the library…</source>
        <translation>{count} 个任务正在加入图库…</translation>
    </message>
    <message>
        <source>The demo server did not take 1 job for now: it will be sent again by itself. A send it does not take does not lower the demo balance. The library says why.</source>
        <translation>演示服务器暂时未接收 1 个任务：它会自动重新发送。未被接收的发送不会减少演示余额。原因见图库。</translation>
    </message>
    <message>
        <source>The demo server did not take {count} jobs for now: they will be sent again by themselves. A send it does not take does not lower the demo balance. The library says why.</source>
        <translation>演示服务器暂时未接收 {count} 个任务：它们会自动重新发送。未被接收的发送不会减少演示余额。原因见图库。</translation>
    </message>
    <message>
        <source>KIE did not take 1 job for now (too many requests, maintenance, a connection or an upload that failed): it will be sent again by itself. A send KIE does not take is not charged. The library says why.</source>
        <translation>KIE 暂时未接收 1 个任务（请求过多、维护中、连接或上传失败）：它会自动重新发送。KIE 未接收的发送不会扣费。原因见图库。</translation>
    </message>
    <message>
        <source>KIE did not take {count} jobs for now (too many requests, maintenance, a connection or an upload that failed): they will be sent again by themselves. A send KIE does not take is not charged. The library says why.</source>
        <translation>KIE 暂时未接收 {count} 个任务（请求过多、维护中、连接或上传失败）：它们会自动重新发送。KIE 未接收的发送不会扣费。原因见图库。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Your unsent work is kept: it comes back at the next start.</source>
        <translation>你未发出的内容已保留：下次启动时会恢复。</translation>
    </message>
    <message>
        <source>Kontext Studio cannot start.</source>
        <translation>Kontext Studio 无法启动。</translation>
    </message>
    <message>
        <source>Also:</source>
        <translation>另外：</translation>
    </message>
    <message>
        <source>…and 1 more error.</source>
        <translation>……另有 1 个错误。</translation>
    </message>
    <message>
        <source>…and 1 more error: see the log folder.</source>
        <translation>……另有 1 个错误：详情见日志文件夹。</translation>
    </message>
    <message>
        <source>…and {count} more errors.</source>
        <translation>……另有 {count} 个错误。</translation>
    </message>
    <message>
        <source>…and {count} more errors: see the log folder.</source>
        <translation>……另有 {count} 个错误：详情见日志文件夹。</translation>
    </message>
</context>
<context>
    <name>BannerStack</name>
    <message>
        <source>1 more message waits: dismiss one above to see it.</source>
        <translation>还有 1 条消息：关闭上面的一条即可看到。</translation>
    </message>
    <message>
        <source>{count} more messages wait: dismiss one above to see them.</source>
        <translation>还有 {count} 条消息：关闭上面的一条即可看到。</translation>
    </message>
</context>
<context>
    <name>ConnectionLabel</name>
    <message>
        <source>The demo server stopped</source>
        <translation>演示服务器已停止</translation>
    </message>
    <message>
        <source>At {time} the simulator that makes the demo images on this computer stopped answering. Close Kontext Studio and open it again, which starts the demo server again; unfinished demo jobs carry on then.</source>
        <translation>{time} 时，本机上生成演示图片的模拟器停止了应答。请关闭 Kontext Studio 再重新打开，演示服务器会随之重新启动；未完成的演示任务届时会继续。</translation>
    </message>
    <message>
        <source>KIE cannot be reached</source>
        <translation>无法连接 KIE</translation>
    </message>
    <message>
        <source>At {time} Kontext Studio could not connect to KIE.</source>
        <translation>{time} 时 Kontext Studio 无法连接 KIE。</translation>
    </message>
    <message>
        <source>This goes away as soon as KIE answers again.</source>
        <translation>KIE 一旦再次应答，此提示即会消失。</translation>
    </message>
</context>
<context>
    <name>CreditsButton</name>
    <message>
        <source>Credits: not checked yet</source>
        <translation>积分：尚未查询</translation>
    </message>
    <message>
        <source>Click to check your balance</source>
        <translation>点击查询余额</translation>
    </message>
    <message>
        <source>Credits: checking…</source>
        <translation>积分：查询中…</translation>
    </message>
    <message>
        <source>Your demo balance, kept by the demo server on this computer: demo jobs lower it, no real credits are used. Click to refresh.</source>
        <translation>你的演示余额，由本机上的演示服务器记录：演示任务会减少它，不消耗真实积分。点击刷新。</translation>
    </message>
    <message>
        <source>Credits: key rejected</source>
        <translation>积分：密钥被拒绝</translation>
    </message>
    <message>
        <source>Demo balance: not checked yet</source>
        <translation>演示余额：尚未查询</translation>
    </message>
    <message>
        <source>Demo balance: checking…</source>
        <translation>演示余额：查询中…</translation>
    </message>
    <message>
        <source>Demo balance: {balance}</source>
        <translation>演示余额：{balance}</translation>
    </message>
    <message>
        <source>Demo balance: no answer</source>
        <translation>演示余额：没有应答</translation>
    </message>
    <message>
        <source>Demo balance: unavailable</source>
        <translation>演示余额：暂不可用</translation>
    </message>
    <message>
        <source>Credits: no connection</source>
        <translation>积分：无法连接</translation>
    </message>
    <message>
        <source>Credits: unavailable</source>
        <translation>积分：暂不可用</translation>
    </message>
    <message>
        <source>Click to try again.</source>
        <translation>点击重试。</translation>
    </message>
    <message>
        <source>Credits: {balance}</source>
        <translation>积分：{balance}</translation>
    </message>
    <message>
        <source>Your KIE balance. Click to refresh.</source>
        <translation>你的 KIE 积分余额。点击刷新。</translation>
    </message>
</context>
<context>
    <name>DayBars</name>
    <message>
        <source>{day}: {n} jobs</source>
        <translation>{day}：{n} 个任务</translation>
    </message>
    <message>
        <source>{day}: 1 job</source>
        <translation>{day}：1 个任务</translation>
    </message>
</context>
<context>
    <name>DeleteActivityLabel</name>
    <message>
        <source>Deleting {count} artworks for good… {percent} %</source>
        <translation>正在永久删除 {count} 件作品… {percent}%</translation>
    </message>
    <message>
        <source>Deleting {count} artworks, their images to the Recycle Bin… {percent} %</source>
        <translation>正在删除 {count} 件作品，图片移到回收站… {percent}%</translation>
    </message>
    <message>
        <source>Deleting {count} artworks, their images to the Trash… {percent} %</source>
        <comment>macOS</comment>
        <translation>正在删除 {count} 件作品，图片移到废纸篓… {percent}%</translation>
    </message>
    <message>
        <source>Deleting {count} artworks, their images to the Trash… {percent} %</source>
        <comment>Linux</comment>
        <translation>正在删除 {count} 件作品，图片移到回收站… {percent}%</translation>
    </message>
    <message>
        <source>Moving {count} artworks to the Recycle Bin… {percent} %</source>
        <translation>正在将 {count} 件作品移到回收站… {percent}%</translation>
    </message>
    <message>
        <source>Moving {count} artworks to the Trash… {percent} %</source>
        <comment>macOS</comment>
        <translation>正在将 {count} 件作品移到废纸篓… {percent}%</translation>
    </message>
    <message>
        <source>Moving {count} artworks to the Trash… {percent} %</source>
        <comment>Linux</comment>
        <translation>正在将 {count} 件作品移到回收站… {percent}%</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>Kontext Studio → Preferences</source>
        <translation>Kontext Studio → 首选项</translation>
    </message>
    <message>
        <source>File → Settings</source>
        <translation>文件 → 设置</translation>
    </message>
    <message>
        <source>Preferences → {page}</source>
        <translation>首选项 → {page}</translation>
    </message>
    <message>
        <source>Settings → {page}</source>
        <translation>设置 → {page}</translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>landscape, ink, commission</source>
        <translation>风景，水墨，约稿</translation>
    </message>
    <message>
        <source>Edit details</source>
        <translation>编辑详情</translation>
    </message>
    <message>
        <source>Empty: its prompt is shown</source>
        <translation>留空：显示其提示词</translation>
    </message>
    <message>
        <source>Shown with the artwork</source>
        <translation>与作品一同显示</translation>
    </message>
    <message>
        <source>Separate tags with commas.</source>
        <translation>标签之间用逗号分隔。</translation>
    </message>
    <message>
        <source>Add tags to 1 artwork</source>
        <translation>为 1 件作品添加标签</translation>
    </message>
    <message>
        <source>Add tags to {count} artworks</source>
        <translation>为 {count} 件作品添加标签</translation>
    </message>
    <message>
        <source>“{title}” was deleted.</source>
        <translation>“{title}”已被删除。</translation>
    </message>
    <message>
        <source>All of them were deleted.</source>
        <translation>它们都已被删除。</translation>
    </message>
    <message>
        <source>{count} of them were deleted.</source>
        <translation>其中 {count} 件已被删除。</translation>
    </message>
    <message>
        <source>Separate tags with commas. Each artwork keeps its own tags and gets these too; titles and descriptions stay as they are.</source>
        <translation>标签之间用逗号分隔。每件作品保留自己的标签，并加上这些标签；标题和描述保持不变。</translation>
    </message>
    <message>
        <source>T&amp;ags to add</source>
        <translation>要添加的标签(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>T&amp;ags</source>
        <translation>标签(&amp;A)</translation>
    </message>
    <message>
        <source>This artwork is published: the copy in your R2 bucket keeps its old title, description and tags until it is published again.</source>
        <translation>此作品已发布：你的 R2 存储桶中的副本在再次发布之前仍保留原来的标题、描述和标签。</translation>
    </message>
    <message>
        <source>One of them is published: its copy in your R2 bucket keeps its old tags until it is published again.</source>
        <translation>其中 1 件已发布：它在你的 R2 存储桶中的副本在再次发布之前仍保留原来的标签。</translation>
    </message>
    <message>
        <source>{count} of them are published: their copies in your R2 bucket keep their old tags until they are published again.</source>
        <translation>其中 {count} 件已发布：它们在你的 R2 存储桶中的副本在再次发布之前仍保留原来的标签。</translation>
    </message>
    <message>
        <source>All of them were deleted by another program.</source>
        <translation>它们都已被另一个程序删除。</translation>
    </message>
    <message>
        <source>{count} of them were deleted by another program.</source>
        <translation>其中 {count} 件已被另一个程序删除。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program.</source>
        <translation>“{title}”已被另一个程序删除。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The request is not valid.</source>
        <translation>请求无效。</translation>
    </message>
    <message>
        <source>Correct it and try again.</source>
        <translation>请修改后重试。</translation>
    </message>
    <message>
        <source>This image cannot be used.</source>
        <translation>无法使用这张图片。</translation>
    </message>
    <message>
        <source>The image file is missing.</source>
        <translation>图片文件不见了。</translation>
    </message>
    <message>
        <source>This image is too large.</source>
        <translation>此图片太大。</translation>
    </message>
    <message>
        <source>Scale it down, or save it smaller (as JPEG, say), and try again.</source>
        <translation>请缩小尺寸，或以更小的文件另存（例如 JPEG），然后重试。</translation>
    </message>
    <message>
        <source>KIE rejected the API key.</source>
        <translation>KIE 拒绝了此 API 密钥。</translation>
    </message>
    <message>
        <source>Open Settings and enter a valid KIE API key.</source>
        <translation>请打开“设置”，输入有效的 KIE API 密钥。</translation>
    </message>
    <message>
        <source>Your KIE account does not have enough credits for this job.</source>
        <translation>你的 KIE 账户积分不足，不够完成这项任务。</translation>
    </message>
    <message>
        <source>Top up at kie.ai, then retry.</source>
        <translation>请前往 kie.ai 充值后重试。</translation>
    </message>
    <message>
        <source>KIE refused the prompt or image under its content policy.</source>
        <translation>KIE 依据其内容政策拒绝了该提示词或图片。</translation>
    </message>
    <message>
        <source>Rephrase the prompt or use another image.</source>
        <translation>请换一种说法，或换一张图片。</translation>
    </message>
    <message>
        <source>KIE did not accept the request.</source>
        <translation>KIE 未接受此请求。</translation>
    </message>
    <message>
        <source>Check the prompt and options.</source>
        <translation>请检查提示词和选项。</translation>
    </message>
    <message>
        <source>KIE does not know this task.</source>
        <translation>KIE 找不到这个任务。</translation>
    </message>
    <message>
        <source>Generate it again if you still need it.</source>
        <translation>如仍需要，请重新生成。</translation>
    </message>
    <message>
        <source>KIE is limiting how fast requests can be sent.</source>
        <translation>KIE 正在限制请求频率。</translation>
    </message>
    <message>
        <source>KIE is under maintenance.</source>
        <translation>KIE 正在维护。</translation>
    </message>
    <message>
        <source>KIE reported a server error.</source>
        <translation>KIE 服务器出错。</translation>
    </message>
    <message>
        <source>Retry in a moment.</source>
        <translation>请稍后重试。</translation>
    </message>
    <message>
        <source>KIE could not generate this image.</source>
        <translation>KIE 无法生成这张图片。</translation>
    </message>
    <message>
        <source>Retry, or change the prompt.</source>
        <translation>请重试，或修改提示词。</translation>
    </message>
    <message>
        <source>This KIE feature is switched off.</source>
        <translation>此 KIE 功能已关闭。</translation>
    </message>
    <message>
        <source>KIE gave no result in time.</source>
        <translation>KIE 未能按时返回结果。</translation>
    </message>
    <message>
        <source>Retry the job.</source>
        <translation>请重试该任务。</translation>
    </message>
    <message>
        <source>KIE sent a reply the app does not understand.</source>
        <translation>KIE 返回了无法识别的响应。</translation>
    </message>
    <message>
        <source>KIE cannot be reached.</source>
        <translation>无法连接 KIE。</translation>
    </message>
    <message>
        <source>{message} {hint}</source>
        <translation>{message}{hint}</translation>
    </message>
    <message>
        <source>Choose another image, one that opens in other apps.</source>
        <translation>请换一张能在其他应用中打开的图片。</translation>
    </message>
    <message>
        <source>Check the file&apos;s name and folder; if it was moved or deleted outside Kontext Studio, put it back where it was.</source>
        <translation>请检查文件名和所在文件夹；如果它已在 Kontext Studio 之外被移动或删除，请放回原处。</translation>
    </message>
    <message>
        <source>The image file cannot be read.</source>
        <translation>无法读取图片文件。</translation>
    </message>
    <message>
        <source>Check that you are allowed to read it (and that no other program has it locked), then try again.</source>
        <translation>请确认你有权限读取它（且没有其他程序锁定它），然后重试。</translation>
    </message>
    <message>
        <source>This folder cannot be read.</source>
        <translation>无法读取此文件夹。</translation>
    </message>
    <message>
        <source>Check that you are allowed to open it, or choose the files instead.</source>
        <translation>请确认你有权限打开它，或改为选择其中的文件。</translation>
    </message>
    <message>
        <source>There are too many files to add at once.</source>
        <translation>一次要添加的文件太多。</translation>
    </message>
    <message>
        <source>Add a smaller folder, or choose the files you want.</source>
        <translation>请添加一个较小的文件夹，或只选择你需要的文件。</translation>
    </message>
    <message>
        <source>This folder has too many files to look through.</source>
        <translation>此文件夹中的文件太多，无法逐一查看。</translation>
    </message>
    <message>
        <source>This folder would bring too many images at once.</source>
        <translation>加上这个文件夹，一次要添加的图片就太多了。</translation>
    </message>
    <message>
        <source>Add it in another go, once the others are in the library.</source>
        <translation>等其他图片加入图库后，再单独添加这个文件夹。</translation>
    </message>
    <message>
        <source>There are no images to add in this folder.</source>
        <translation>此文件夹中没有可添加的图片。</translation>
    </message>
    <message>
        <source>JPEG, PNG and WebP files are added; hidden files are left out.</source>
        <translation>只添加 JPEG、PNG 和 WebP 文件；隐藏文件会被略过。</translation>
    </message>
    <message>
        <source>KIE reported an error.</source>
        <translation>KIE 报告了一个错误。</translation>
    </message>
    <message>
        <source>Check your internet connection, then retry.</source>
        <translation>请检查网络连接，然后重试。</translation>
    </message>
    <message>
        <source>The address Kontext Studio is set to reach KIE at is wrong.</source>
        <translation>Kontext Studio 设置的 KIE 地址有误。</translation>
    </message>
    <message>
        <source>Make the environment variable named here a full address starting with https:// (or remove it to use KIE&apos;s own), then start Kontext Studio again.</source>
        <translation>请把这里提到的环境变量改为以 https:// 开头的完整地址（或删除它以使用 KIE 自己的地址），然后重新启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>Kontext Studio cannot read the certificates it checks KIE&apos;s identity with.</source>
        <translation>Kontext Studio 无法读取用于验证 KIE 身份的证书。</translation>
    </message>
    <message>
        <source>The request was sent but no answer came back, so it may or may not have been charged.</source>
        <translation>请求已发出，但没有收到回应，因此可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>The result link has expired (KIE keeps results 14 days).</source>
        <translation>结果链接已过期（KIE 仅保留结果 14 天）。</translation>
    </message>
    <message>
        <source>Retry asks KIE for it again, free, for 14 days after the job was made; after that, generate it again as a new job (Reuse settings loads its prompt and options), which is charged again.</source>
        <translation>任务创建后 14 天内，“重试”会免费向 KIE 再次获取；超过 14 天，请作为新任务重新生成（“复用设置”会载入它的提示词和选项），会再次扣费。</translation>
    </message>
    <message>
        <source>The finished image did not arrive whole (the download was cut off, or the network sent a sign-in page instead).</source>
        <translation>生成好的图片没有完整下载下来（下载中途断开，或网络返回了登录页面）。</translation>
    </message>
    <message>
        <source>Check your internet connection, then retry: downloading it again is free.</source>
        <translation>请检查网络连接后重试：重新下载不收费。</translation>
    </message>
    <message>
        <source>This artwork is being deleted, so it was not published.</source>
        <translation>这件作品正在被删除，因此没有发布。</translation>
    </message>
    <message>
        <source>If it is still in the library once the Delete has ended, publish it again.</source>
        <translation>如果删除结束后它仍在图库中，请再次发布。</translation>
    </message>
    <message>
        <source>KIE did not take this request, so it was not charged; retry in a minute.</source>
        <translation>KIE 未接收此请求，因此未扣费；请稍等一分钟后重试。</translation>
    </message>
    <message>
        <source>KIE did not take this request, so it was not charged; try again later.</source>
        <translation>KIE 未接收此请求，因此未扣费；请稍后再试。</translation>
    </message>
    <message>
        <source>The reference image could not be uploaded to KIE.</source>
        <translation>参考图未能上传到 KIE。</translation>
    </message>
    <message>
        <source>KIE’s answer stopped before it was complete.</source>
        <translation>KIE 的回应在完整传回之前就中断了。</translation>
    </message>
    <message>
        <source>The finished image could not be downloaded.</source>
        <translation>已完成的图片未能下载。</translation>
    </message>
    <message>
        <source>This request was not sent, so it was not charged. If the environment variable SSL_CERT_FILE or SSL_CERT_DIR is set, make it name a readable certificate file or folder (or remove it), then start Kontext Studio again.</source>
        <translation>此请求没有发送，因此未扣费。如果设置了环境变量 SSL_CERT_FILE 或 SSL_CERT_DIR，请让它指向可读取的证书文件或文件夹（或删除它），然后重新启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>No result arrived within the time limit.</source>
        <translation>在时限内未收到结果。</translation>
    </message>
    <message>
        <source>Check again later: the image may still finish.</source>
        <translation>请稍后再查看：图片可能仍会完成。</translation>
    </message>
    <message>
        <source>Kontext Studio stopped this job after an internal error.</source>
        <translation>Kontext Studio 因内部错误停止了此任务。</translation>
    </message>
    <message>
        <source>Retry it: a job KIE has started is checked again, not paid twice. The log folder has the details.</source>
        <translation>请重试：KIE 已开始的任务会重新查询，不会重复扣费。详情见日志文件夹。</translation>
    </message>
    <message>
        <source>The system keyring cannot be used.</source>
        <translation>无法使用系统密钥环。</translation>
    </message>
    <message>
        <source>Unlock the keyring (or start one, such as GNOME Keyring or KWallet) and try again; or set the key in the KIE_API_KEY environment variable instead.</source>
        <translation>请解锁密钥环（或启动一个，例如 GNOME Keyring 或 KWallet）后重试；也可以改为在环境变量 KIE_API_KEY 中设置密钥。</translation>
    </message>
    <message>
        <source>The file could not be written.</source>
        <translation>无法写入文件。</translation>
    </message>
    <message>
        <source>Free disk space or choose another folder.</source>
        <translation>请释放磁盘空间，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>A file Kontext Studio saves to cannot be changed.</source>
        <translation>Kontext Studio 保存用的一个文件无法修改。</translation>
    </message>
    <message>
        <source>Allow changes to the file named here (turn off its read-only setting, or close the program that has it open), then try again.</source>
        <translation>请允许修改此处列出的文件（关闭它的“只读”设置，或关闭打开它的程序），然后重试。</translation>
    </message>
    <message>
        <source>A file Kontext Studio saves to is a link that leads nowhere.</source>
        <translation>Kontext Studio 保存用的一个文件是指向不存在位置的链接。</translation>
    </message>
    <message>
        <source>Put the file it links to back where the link says, or delete the link to save to a new file in its place, then try again.</source>
        <translation>请把它链接的文件放回链接所指的位置，或删除该链接（之后会在原处保存为新文件），然后重试。</translation>
    </message>
    <message>
        <source>Delete it for good, or keep it in the library.</source>
        <translation>可以永久删除，或将它留在图库中。</translation>
    </message>
    <message>
        <source>A folder Kontext Studio needs cannot be used.</source>
        <translation>Kontext Studio 需要的文件夹无法使用。</translation>
    </message>
    <message>
        <source>Check that the folder named here exists and can be written to.</source>
        <translation>请检查这里提到的文件夹是否存在且可写入。</translation>
    </message>
    <message>
        <source>The library could not be read.</source>
        <translation>无法读取图库。</translation>
    </message>
    <message>
        <source>Restart Kontext Studio; if it keeps happening, see the log folder.</source>
        <translation>请重新启动 Kontext Studio；如果问题仍然出现，请查看日志文件夹。</translation>
    </message>
    <message>
        <source>Another program is using the library.</source>
        <translation>另一个程序正在使用图库。</translation>
    </message>
    <message>
        <source>Close it (a database browser, a backup or sync tool), then try again.</source>
        <translation>请关闭该程序（例如数据库浏览器、备份或同步工具），然后重试。</translation>
    </message>
    <message>
        <source>The library is already closed.</source>
        <translation>图库已经关闭。</translation>
    </message>
    <message>
        <source>Start Kontext Studio again to keep working.</source>
        <translation>请重新启动 Kontext Studio 以继续工作。</translation>
    </message>
    <message>
        <source>The library was not upgraded: its backup could not be made.</source>
        <translation>图库未升级：无法为其创建备份。</translation>
    </message>
    <message>
        <source>Free disk space or allow changes to the folder named here, then start Kontext Studio again. The library was left as it was.</source>
        <translation>请释放磁盘空间，或允许更改此处所列的文件夹，然后重新启动 Kontext Studio。图库保持原样，未作任何更改。</translation>
    </message>
    <message>
        <source>The library was made by a newer Kontext Studio.</source>
        <translation>此图库由更新版本的 Kontext Studio 创建。</translation>
    </message>
    <message>
        <source>Update Kontext Studio to open it.</source>
        <translation>请更新 Kontext Studio 后再打开。</translation>
    </message>
    <message>
        <source>Publishing failed.</source>
        <translation>发布失败。</translation>
    </message>
    <message>
        <source>Check the R2 settings and retry.</source>
        <translation>请检查 R2 设置后重试。</translation>
    </message>
    <message>
        <source>The R2 settings cannot be used.</source>
        <translation>R2 设置无法使用。</translation>
    </message>
    <message>
        <source>R2 rejected the access keys.</source>
        <translation>R2 拒绝了访问密钥。</translation>
    </message>
    <message>
        <source>Check the access key ID and secret.</source>
        <translation>请检查访问密钥 ID 和秘密访问密钥。</translation>
    </message>
    <message>
        <source>R2 refused the request because this computer&apos;s clock is off.</source>
        <translation>这台电脑的时钟不准，R2 拒绝了请求。</translation>
    </message>
    <message>
        <source>Set the clock right (its date, time and time zone; automatic time is best), then retry.</source>
        <translation>请把时钟调准（日期、时间和时区；最好开启自动设置时间），然后重试。</translation>
    </message>
    <message>
        <source>R2 refused the request because it had expired.</source>
        <translation>R2 拒绝了请求，因为请求已过期。</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, check in Cloudflare whether the R2 API token has expired, and make a new one if it has.</source>
        <translation>请重试；如果一再发生，请在 Cloudflare 中查看 R2 API 令牌是否已过期，过期了就新建一个。</translation>
    </message>
    <message>
        <source>The R2 bucket does not exist.</source>
        <translation>R2 存储桶不存在。</translation>
    </message>
    <message>
        <source>Check the bucket name in Settings.</source>
        <translation>请在“设置”中检查存储桶名称。</translation>
    </message>
    <message>
        <source>The R2 endpoint cannot be reached.</source>
        <translation>无法连接 R2 端点。</translation>
    </message>
    <message>
        <source>Check the endpoint and network.</source>
        <translation>请检查端点地址和网络。</translation>
    </message>
    <message>
        <source>Publishing was cancelled.</source>
        <translation>发布已取消。</translation>
    </message>
    <message>
        <source>Nothing was left in the bucket.</source>
        <translation>存储桶中没有留下任何文件。</translation>
    </message>
    <message>
        <source>Nothing was done.</source>
        <translation>什么也没有做。</translation>
    </message>
    <message>
        <source>Look at it in the library; try again if it is still wanted.</source>
        <translation>请在图库中查看它；如仍需要，再试一次。</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>出了点问题。</translation>
    </message>
    <message>
        <source>The demo server did not take this request, so it did not lower the demo balance; retry in a minute.</source>
        <translation>演示服务器未接收此请求，因此没有减少演示余额；请稍等一分钟后重试。</translation>
    </message>
    <message>
        <source>The demo server did not take this request, so it did not lower the demo balance; try again later.</source>
        <translation>演示服务器未接收此请求，因此没有减少演示余额；请稍后再试。</translation>
    </message>
    <message>
        <source>This request did not reach KIE and was not charged.</source>
        <translation>此请求没有到达 KIE，未扣费。</translation>
    </message>
    <message>
        <source>Only the reference image was uploaded to KIE (uploads are free); the job did not reach KIE this time, so this send was not charged.</source>
        <translation>只有参考图上传到了 KIE（上传免费）；任务这次没有到达 KIE，因此这次发送未扣费。</translation>
    </message>
    <message>
        <source>Retry; if it keeps happening, see the log folder.</source>
        <translation>请重试；如果问题持续出现，请查看日志文件夹。</translation>
    </message>
    <message>
        <source>The demo server stopped answering.</source>
        <translation>演示服务器停止了应答。</translation>
    </message>
    <message>
        <source>If the demo server is still stopped, close Kontext Studio and open it again (that starts it again); then retry.</source>
        <translation>如果演示服务器仍处于停止状态，请关闭 Kontext Studio 再重新打开（演示服务器会随之重新启动），然后重试。</translation>
    </message>
    <message>
        <source>The job was sent to the demo server on this computer, but no answer came back.</source>
        <translation>任务已发送到本机上的演示服务器，但没有收到应答。</translation>
    </message>
    <message>
        <source>A demo job uses no real credits, so resubmitting it is safe. If the status bar says the demo server stopped, close Kontext Studio and open it again first (that starts it again).</source>
        <translation>演示任务不消耗真实积分，可以放心重新提交。如果状态栏显示演示服务器已停止，请先关闭 Kontext Studio 再重新打开（演示服务器会随之重新启动）。</translation>
    </message>
    <message>
        <source>The demo server on this computer has no record of this task.</source>
        <translation>本机上的演示服务器没有此任务的记录。</translation>
    </message>
    <message>
        <source>Retry sends it to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>重试会将其作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Retry: fetching it again is free. If the status bar says the demo server stopped, close Kontext Studio and open it again first (that starts it again).</source>
        <translation>请重试：重新获取它不收费。如果状态栏显示演示服务器已停止，请先关闭 Kontext Studio 再重新打开（演示服务器会随之重新启动）。</translation>
    </message>
    <message>
        <source>The finished image did not arrive whole from the demo server on this computer.</source>
        <translation>完成的图片没有从本机上的演示服务器完整传来。</translation>
    </message>
    <message>
        <source>Cause: {cause}.</source>
        <translation>原因：{cause}。</translation>
    </message>
    <message>
        <source>KIE may switch it back on: Retry then sends the job as it was. Until then, use another model or option.</source>
        <translation>KIE 可能会重新开启它：届时重试会按原样发送该任务。在此之前，请换用其他模型或选项。</translation>
    </message>
    <message>
        <source>Retry in a moment; if it keeps happening, check your internet connection.</source>
        <translation>请稍后重试；如果一再发生，请检查网络连接。</translation>
    </message>
    <message>
        <source>Look for it in the logs of your account on kie.ai: if its task is there, give the job its task ID; resubmit only if no task was created.</source>
        <translation>请在你的 kie.ai 账户日志中查找它：如果其任务在那里，请为此任务填入该任务 ID；仅在未创建任务时才重新提交。</translation>
    </message>
    <message>
        <source>The system keyring holds a damaged entry.</source>
        <translation>系统密钥环中有一个已损坏的条目。</translation>
    </message>
    <message>
        <source>Store the secret again (in Settings): it replaces the damaged entry.</source>
        <translation>请重新保存该密钥（在“设置”中）：它会替换已损坏的条目。</translation>
    </message>
    <message>
        <source>A file Kontext Studio saves to is a folder.</source>
        <translation>Kontext Studio 保存用的一个文件是文件夹。</translation>
    </message>
    <message>
        <source>Move or rename the folder named here, then try again.</source>
        <translation>请移动或重命名这里提到的文件夹，然后重试。</translation>
    </message>
    <message>
        <source>A file with your own presets or prompts could not be read just now.</source>
        <translation>暂时无法读取保存你自己的预设或提示词的文件。</translation>
    </message>
    <message>
        <source>It was left as it is. Close any program that may have it open (a sync client or an antivirus), and check that the file can be opened, then try again.</source>
        <translation>该文件保持原样。请关闭可能打开了它的程序（例如同步工具或杀毒软件），并确认该文件可以打开，然后重试。</translation>
    </message>
    <message>
        <source>The library was left as it was: an image was named without the folders it is in.</source>
        <translation>图库保持原样：有一张图片的路径缺少它所在的文件夹。</translation>
    </message>
    <message>
        <source>This is a mistake of the program that wrote it, not of yours: please report it. The log folder has the details.</source>
        <translation>这是写入它的程序的错误，不是你的问题：请报告此问题。日志文件夹中有详细信息。</translation>
    </message>
    <message>
        <source>Another Kontext Studio is still upgrading the library.</source>
        <translation>另一个 Kontext Studio 仍在升级图库。</translation>
    </message>
    <message>
        <source>Wait for it to finish (its window opens, or its command ends), then try again.</source>
        <translation>请等它完成（它的窗口打开，或它的命令结束），然后再试一次。</translation>
    </message>
    <message>
        <source>Complete or correct them in {publishing_settings}, or in the KONTEXT_STUDIO_R2_ENDPOINT, KONTEXT_STUDIO_R2_BUCKET, KONTEXT_STUDIO_R2_PUBLIC_URL, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY variables, then try again.</source>
        <translation>请在“{publishing_settings}”中，或在环境变量 KONTEXT_STUDIO_R2_ENDPOINT、KONTEXT_STUDIO_R2_BUCKET、KONTEXT_STUDIO_R2_PUBLIC_URL、R2_ACCESS_KEY_ID 和 R2_SECRET_ACCESS_KEY 中补全或更正它们，然后重试。</translation>
    </message>
    <message>
        <source>A part may be left in the bucket; the next publish of this artwork removes it.</source>
        <translation>存储桶中可能留下了一部分；下次发布这件作品时会将其移除。</translation>
    </message>
    <message>
        <source>This artwork is being removed from your R2 bucket.</source>
        <translation>这件作品正在从你的 R2 存储桶中移除。</translation>
    </message>
    <message>
        <source>Publish it again once it is removed.</source>
        <translation>移除完成后再重新发布。</translation>
    </message>
    <message>
        <source>Its file is {name}.</source>
        <translation>它的文件是 {name}。</translation>
    </message>
    <message>
        <source>KIE&apos;s server answered with an error, so it cannot be told whether the task was made; it may or may not have been charged.</source>
        <translation>KIE 的服务器回应了一个错误，因此无法得知任务是否已创建；可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>An answer came back from KIE but could not be read, so it cannot be told whether the task was made; it may or may not have been charged.</source>
        <translation>KIE 有回应，但无法读取，因此无法得知任务是否已创建；可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>KIE answered without a task id, so the job cannot be followed and it cannot be told whether the task was made; it may or may not have been charged.</source>
        <translation>KIE 有回应，但没有给出任务 ID，因此无法跟踪该任务，也无法得知任务是否已创建；可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>The job was sent to the demo server on this computer; it answered, but not whether it made the image.</source>
        <translation>任务已发送到本机的演示服务器；它有回应，但没有说明是否已生成图片。</translation>
    </message>
    <message>
        <source>Retry in a moment: a demo job uses no real credits.</source>
        <translation>请稍后重试：演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>The demo balance does not have enough left for this job.</source>
        <translation>演示余额不足，不够完成这项任务。</translation>
    </message>
    <message>
        <source>It is full again tomorrow: retry then, or add your KIE API key in Settings to generate for real.</source>
        <translation>演示余额明天会恢复为满额：届时再重试；或在设置中添加你的 KIE API 密钥，即可真实生成。</translation>
    </message>
    <message>
        <source>The demo server refused the prompt or image under its content policy.</source>
        <translation>演示服务器依据其内容政策拒绝了该提示词或图片。</translation>
    </message>
    <message>
        <source>The demo server did not accept the request.</source>
        <translation>演示服务器未接受此请求。</translation>
    </message>
    <message>
        <source>The demo server is limiting how fast requests can be sent.</source>
        <translation>演示服务器正在限制请求频率。</translation>
    </message>
    <message>
        <source>The demo server is under maintenance.</source>
        <translation>演示服务器正在维护。</translation>
    </message>
    <message>
        <source>The demo server reported a server error.</source>
        <translation>演示服务器出错。</translation>
    </message>
    <message>
        <source>The reference image could not be uploaded to the demo server.</source>
        <translation>参考图未能上传到演示服务器。</translation>
    </message>
    <message>
        <source>The demo server reported an error.</source>
        <translation>演示服务器报告了一个错误。</translation>
    </message>
    <message>
        <source>The demo server could not generate this image.</source>
        <translation>演示服务器无法生成这张图片。</translation>
    </message>
    <message>
        <source>This feature of the demo server is switched off.</source>
        <translation>演示服务器的此功能已关闭。</translation>
    </message>
    <message>
        <source>The demo server may switch it back on: Retry then sends the job as it was. Until then, use another model or option.</source>
        <translation>演示服务器可能会重新开启它：届时重试会按原样发送该任务。在此之前，请换用其他模型或选项。</translation>
    </message>
    <message>
        <source>The demo server gave no result in time.</source>
        <translation>演示服务器未能按时返回结果。</translation>
    </message>
    <message>
        <source>The demo server sent a reply the app does not understand.</source>
        <translation>演示服务器返回了无法识别的响应。</translation>
    </message>
    <message>
        <source>The result link has expired (the demo server keeps results 14 days).</source>
        <translation>结果链接已过期（演示服务器仅保留结果 14 天）。</translation>
    </message>
    <message>
        <source>Retry asks the demo server for it again, without lowering the demo balance, for 14 days after the job was made; after that, generate it again as a new job (Reuse settings loads its prompt and options), which lowers the demo balance but uses no real credits.</source>
        <translation>任务创建后 14 天内，“重试”会向演示服务器再次获取，不会减少演示余额；超过 14 天，请作为新任务重新生成（“复用设置”会载入它的提示词和选项），这会减少演示余额，但不消耗真实积分。</translation>
    </message>
    <message>
        <source>Retry it: a job the demo server has started is checked again, not made twice. The log folder has the details.</source>
        <translation>请重试：演示服务器已开始的任务会重新查询，不会重复生成。详情见日志文件夹。</translation>
    </message>
    <message>
        <source>The server holding the image refused its download link, even the new one KIE had just given.</source>
        <translation>存放图片的服务器拒绝了它的下载链接，连 KIE 刚给出的新链接也被拒绝。</translation>
    </message>
    <message>
        <source>Retry asks KIE for another link, free: the image is not made again.</source>
        <translation>重试会向 KIE 再要一个链接，免费：图片不会重新生成。</translation>
    </message>
    <message>
        <source>The demo server refused the image&apos;s download link, even the new one it had just given.</source>
        <translation>演示服务器拒绝了图片的下载链接，连它刚给出的新链接也被拒绝。</translation>
    </message>
    <message>
        <source>Retry asks the demo server for another link, without lowering the demo balance: the image is not made again.</source>
        <translation>重试会向演示服务器再要一个链接，不扣演示余额：图片不会重新生成。</translation>
    </message>
    <message>
        <source>KIE turned down the request for a new link to the image.</source>
        <translation>KIE 拒绝了为这张图片提供新链接的请求。</translation>
    </message>
    <message>
        <source>The demo server turned down the request for a new link to the image.</source>
        <translation>演示服务器拒绝了为这张图片提供新链接的请求。</translation>
    </message>
    <message>
        <source>KIE no longer has this image.</source>
        <translation>KIE 已不再保存这张图片。</translation>
    </message>
    <message>
        <source>The demo server no longer has this image.</source>
        <translation>演示服务器已不再保存这张图片。</translation>
    </message>
    <message>
        <source>KIE had already made this image, so it was charged; retry in a minute: Retry fetches it without paying again.</source>
        <translation>KIE 已经生成了这张图片，积分已被扣除；请稍等一分钟后重试：重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already made this image, so it was charged; try again later: Retry fetches it without paying again.</source>
        <translation>KIE 已经生成了这张图片，积分已被扣除；请稍后再试：重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged; open Settings and enter a valid KIE API key: then Retry gets its image without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除；请打开“设置”，输入有效的 KIE API 密钥：然后重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged; check your internet connection: then Retry gets its image without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除；请检查网络连接：然后重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged; retry in a moment: Retry gets its image without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除；请稍后重试：重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already made this image, so it was charged; check your internet connection: then Retry gets its image without paying again.</source>
        <translation>KIE 已经生成了这张图片，积分已被扣除；请检查网络连接：然后重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>The demo server had already made this image; retry in a minute: Retry fetches it without lowering the demo balance again.</source>
        <translation>演示服务器已经生成了这张图片；请稍等一分钟后重试：重试会取回图片，演示余额不会再次减少。</translation>
    </message>
    <message>
        <source>The demo server had already made this image; try again later: Retry fetches it without lowering the demo balance again.</source>
        <translation>演示服务器已经生成了这张图片；请稍后再试：重试会取回图片，演示余额不会再次减少。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged; retry in a minute: Retry checks on it without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除；请稍等一分钟后重试：重试会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged; try again later: Retry checks on it without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除；请稍后再试：重试会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>The demo server had already taken this job; retry in a minute: Retry checks on it without lowering the demo balance again.</source>
        <translation>演示服务器已经接下了这个任务；请稍等一分钟后重试：重试会再次查询它，演示余额不会再次减少。</translation>
    </message>
    <message>
        <source>The demo server had already taken this job; try again later: Retry checks on it without lowering the demo balance again.</source>
        <translation>演示服务器已经接下了这个任务；请稍后再试：重试会再次查询它，演示余额不会再次减少。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged: Retry gets its image without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除：重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already made this image, so it was charged; once the address is right, Retry fetches it without paying again.</source>
        <translation>KIE 已经生成了这张图片，积分已被扣除；地址改正后，重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged; once the address is right, Retry checks on it without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除；地址改正后，重试会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>The image is in the Recycle Bin: a Delete moved it there, but could not remove the artwork from the library.</source>
        <translation>图片在回收站中：删除操作已将它移到那里，但未能将作品从图库中移除。</translation>
    </message>
    <message>
        <source>Restore it from the Recycle Bin to publish it, or delete the artwork again to finish removing it.</source>
        <translation>从回收站中还原它即可发布，或再次删除该作品以完成移除。</translation>
    </message>
    <message>
        <source>The image is in the Trash: a Delete moved it there, but could not remove the artwork from the library.</source>
        <comment>macOS</comment>
        <translation>图片在废纸篓中：删除操作已将它移到那里，但未能将作品从图库中移除。</translation>
    </message>
    <message>
        <source>Restore it from the Trash to publish it, or delete the artwork again to finish removing it.</source>
        <comment>macOS</comment>
        <translation>从废纸篓中还原它即可发布，或再次删除该作品以完成移除。</translation>
    </message>
    <message>
        <source>The image is in the Trash: a Delete moved it there, but could not remove the artwork from the library.</source>
        <comment>Linux</comment>
        <translation>图片在回收站中：删除操作已将它移到那里，但未能将作品从图库中移除。</translation>
    </message>
    <message>
        <source>Restore it from the Trash to publish it, or delete the artwork again to finish removing it.</source>
        <comment>Linux</comment>
        <translation>从回收站中还原它即可发布，或再次删除该作品以完成移除。</translation>
    </message>
    <message>
        <source>The image file is missing. It went to the Recycle Bin with its Delete, and Undo brought the artwork back without it.</source>
        <translation>图片文件不见了。删除时它被移到了回收站，撤销带回了作品，但没有带回它。</translation>
    </message>
    <message>
        <source>If it is still in the Recycle Bin, restore it from there, then publish the artwork again.</source>
        <translation>如果它仍在回收站中，从那里还原它，然后再次发布该作品。</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: a link on its way leads to nothing (a drive not connected, or a folder moved or deleted)</source>
        <translation>无法使用文件夹 {folder}：其路径中的一个链接指向不存在的位置（磁盘未连接，或文件夹已被移动或删除）</translation>
    </message>
    <message>
        <source>The image file is missing. It went to the Trash with its Delete, and Undo brought the artwork back without it.</source>
        <comment>macOS</comment>
        <translation>图片文件不见了。删除时它被移到了废纸篓，撤销带回了作品，但没有带回它。</translation>
    </message>
    <message>
        <source>If it is still in the Trash, restore it from there, then publish the artwork again.</source>
        <comment>macOS</comment>
        <translation>如果它仍在废纸篓中，从那里还原它，然后再次发布该作品。</translation>
    </message>
    <message>
        <source>The image file is missing. It went to the Trash with its Delete, and Undo brought the artwork back without it.</source>
        <comment>Linux</comment>
        <translation>图片文件不见了。删除时它被移到了回收站，撤销带回了作品，但没有带回它。</translation>
    </message>
    <message>
        <source>The answer of the demo server on this computer stopped before it was complete.</source>
        <translation>本机演示服务器的回应在完整传回之前就中断了。</translation>
    </message>
    <message>
        <source>Kontext Studio tries again by itself, free, each time its window opens (and at each resume command) while KIE keeps the image (14 days); Retry tries now. The image is not made again.</source>
        <translation>在 KIE 保留该图片期间（14 天），Kontext Studio 每次打开窗口（以及每次运行 resume 命令）时都会自动免费再试；“重试”会立即尝试。图片不会重新生成。</translation>
    </message>
    <message>
        <source>Kontext Studio tries again by itself each time its window opens in demo mode (and at each resume --demo command) while the demo server keeps the image (14 days); Retry tries now. The image is not made again.</source>
        <translation>在演示服务器保留该图片期间（14 天），Kontext Studio 每次以演示模式打开窗口（以及每次运行 resume --demo 命令）时都会自动再试；“重试”会立即尝试。图片不会重新生成。</translation>
    </message>
    <message>
        <source>If it is still in the Trash, restore it from there, then publish the artwork again.</source>
        <comment>Linux</comment>
        <translation>如果它仍在回收站中，从那里还原它，然后再次发布该作品。</translation>
    </message>
    <message>
        <source>The image could not be moved to the Recycle Bin.</source>
        <translation>无法将图片移到回收站。</translation>
    </message>
    <message>
        <source>The image could not be moved to the Trash.</source>
        <comment>macOS</comment>
        <translation>无法将图片移到废纸篓。</translation>
    </message>
    <message>
        <source>The image could not be moved to the Trash.</source>
        <comment>Linux</comment>
        <translation>无法将图片移到回收站。</translation>
    </message>
    <message>
        <source>KIE says: “{said}”</source>
        <translation>KIE 的原话：“{said}”</translation>
    </message>
    <message>
        <source>The demo server says: “{said}”</source>
        <translation>演示服务器的原话：“{said}”</translation>
    </message>
    <message>
        <source>{name} is a folder, not an image file.</source>
        <translation>{name} 是文件夹，不是图片文件。</translation>
    </message>
    <message>
        <source>Choose an image file instead, such as one inside it.</source>
        <translation>请改为选择一个图片文件，例如该文件夹中的某个图片。</translation>
    </message>
    <message>
        <source>Export it again, or remove it from the list.</source>
        <translation>请在制作它的应用中重新导出，或将它从列表中移除。</translation>
    </message>
    <message>
        <source>Remove it from the list.</source>
        <translation>请将它从列表中移除。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>The file is cut short or damaged.</source>
        <translation>文件不完整或已损坏。</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>损坏的文件</translation>
    </message>
    <message>
        <source>This file is not a JPEG, PNG or WebP image.</source>
        <translation>此文件不是 JPEG、PNG 或 WebP 图片。</translation>
    </message>
    <message>
        <source>not an image</source>
        <translation>非图片文件</translation>
    </message>
    <message>
        <source>The image is too large.</source>
        <translation>图片太大。</translation>
    </message>
    <message>
        <source>Export it smaller, or remove it from the list.</source>
        <translation>请导出更小的版本，或将它从列表中移除。</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>过大的图片</translation>
    </message>
    <message>
        <source>The file is no longer there.</source>
        <translation>文件已不在原处。</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已不在原处的文件</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>无法读取文件。</translation>
    </message>
    <message>
        <source>Check that you may open it and add it again, or remove it from the list.</source>
        <translation>请确认你有权限打开它，再重新添加；或将它从列表中移除。</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <source>not usable</source>
        <translation>无法使用的文件</translation>
    </message>
    <message>
        <source>This file is a {other} image, not a JPEG, PNG or WebP.</source>
        <translation>此文件是 {other} 图片，不是 JPEG、PNG 或 WebP 图片。</translation>
    </message>
    <message>
        <source>Save or export it as a JPEG or PNG and add that, or remove it from the list.</source>
        <translation>请将它另存为或导出为 JPEG 或 PNG 后添加那个文件，或将它从列表中移除。</translation>
    </message>
    <message>
        <source>another format</source>
        <translation>其他格式</translation>
    </message>
    <message>
        <source>The image is too large: {width}×{height} ({pixels:mega}&#xa0;MP); the limit is {limit:mega}&#xa0;MP.</source>
        <translation>图片太大：{width}×{height}（{pixels:myriad 万 亿}像素）；上限为 {limit:myriad 万 亿}像素。</translation>
    </message>
    <message>
        <source>The file is too large: {size}&#xa0;MB; the limit is {limit}&#xa0;MB.</source>
        <translation>文件太大：{size}&#xa0;MB；上限为 {limit}&#xa0;MB。</translation>
    </message>
    <message>
        <source>The artwork could not be removed from the R2 bucket.</source>
        <translation>未能从 R2 存储桶中移除该作品。</translation>
    </message>
    <message>
        <source>Check the R2 settings and try again.</source>
        <translation>请检查 R2 设置，然后再试一次。</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: you do not have permission to write there</source>
        <translation>无法使用文件夹 {folder}：你没有在此处写入的权限</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: your share of the disk (its quota) is used up</source>
        <translation>无法使用文件夹 {folder}：你的磁盘配额已用完</translation>
    </message>
    <message>
        <source>An earlier send of job {job_id} made its image, or is still making it, as artwork {ids}: it was not sent again, which would pay for that image twice.</source>
        <translation>任务 {job_id} 较早的一次发送已生成它的图片（或仍在生成），即作品 {ids}：该任务未再次发送，否则那张图片会被付费两次。</translation>
    </message>
    <message>
        <source>KIE answered about the job without any of its details</source>
        <translation>KIE 对该任务的回应中没有任何任务信息</translation>
    </message>
    <message>
        <source>{items}, {item}</source>
        <translation>{items}、{item}</translation>
    </message>
    <message>
        <source>{items} or {last}</source>
        <translation>{items} 或 {last}</translation>
    </message>
    <message>
        <source>{items} and {last}</source>
        <translation>{items}和{last}</translation>
    </message>
    <message>
        <source>“{name}”</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation>{names}，另有 {count} 个</translation>
    </message>
    <message>
        <source>Stopped tracking. KIE has no cancel call, so credits may still be spent.</source>
        <translation>已停止跟踪。KIE 不提供取消接口，积分仍可能被扣除。</translation>
    </message>
    <message>
        <source>Stopped tracking, but KIE had already taken the job, so its credits are spent. Retry fetches the image without paying again.</source>
        <translation>已停止跟踪，但 KIE 已经接下了这个任务，积分已被扣除。重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>Stopped tracking, but KIE had already taken an earlier send of the job, so its credits are spent; Retry fetches that image without paying again. The last send may or may not have been charged as well.</source>
        <translation>已停止跟踪，但 KIE 已经接下了这个任务较早的一次发送，积分已被扣除；重试会取回那张图片，不会再次扣费。最后一次发送也可能已被扣费，也可能没有。</translation>
    </message>
    <message>
        <source>Stopped tracking, but KIE had already finished the image, so its credits are spent. Retry fetches the image without paying again.</source>
        <translation>已停止跟踪，但 KIE 已经生成完这张图片，积分已被扣除。重试会取回图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE’s upload service began to answer, but its answer stopped before it was complete</source>
        <translation>KIE 的上传服务已开始回应，但回应在完整传回之前就中断了</translation>
    </message>
    <message>
        <source>Stopped before it reached KIE: nothing was sent or charged.</source>
        <translation>在发送到 KIE 之前已停止：没有发送任何内容，也没有扣费。</translation>
    </message>
    <message>
        <source>Stopped before it reached KIE: only the reference image was uploaded (uploads are free), and nothing was charged.</source>
        <translation>在发送到 KIE 之前已停止：只上传了参考图（上传免费），没有扣费。</translation>
    </message>
    <message>
        <source>Stopped tracking. KIE did not take the job, so nothing was charged.</source>
        <translation>已停止跟踪。KIE 没有接下这个任务，因此没有扣费。</translation>
    </message>
    <message>
        <source>Stopped tracking. KIE turned the job away and made no image; it may or may not have been charged.</source>
        <translation>已停止跟踪。KIE 拒绝了这个任务，没有生成图片；可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>Stopped before this send reached KIE, so it was not charged; an earlier send of the job may have been.</source>
        <translation>在这次发送到达 KIE 之前已停止，因此这次未扣费；此任务之前的某次发送可能已扣费。</translation>
    </message>
    <message>
        <source>Stopped before this send reached KIE: only the reference image was uploaded (uploads are free), so it was not charged; an earlier send of the job may have been.</source>
        <translation>在这次发送到达 KIE 之前已停止：只上传了参考图（上传免费），因此这次未扣费；此任务之前的某次发送可能已扣费。</translation>
    </message>
    <message>
        <source>Stopped tracking. KIE did not take this send, so it was not charged; an earlier send of the job may have been.</source>
        <translation>已停止跟踪。KIE 没有接下这次发送，因此这次未扣费；此任务之前的某次发送可能已扣费。</translation>
    </message>
    <message>
        <source>Stopped tracking. The demo server, like KIE, has no cancel call, so it may still finish the job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>已停止跟踪。演示服务器和 KIE 一样不提供取消接口，它仍可能完成这个任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Stopped tracking, but the demo server had already taken the job, so the demo balance went down for it (no real credits). Retry fetches the image without lowering it again.</source>
        <translation>已停止跟踪，但演示服务器已经接下了这个任务，演示余额已为它减少（不消耗真实积分）。重试会取回图片，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>Stopped tracking, but the demo server had already taken an earlier send of the job, so the demo balance went down for it (no real credits); Retry fetches that image without lowering it again. The last send may or may not have lowered the demo balance as well.</source>
        <translation>已停止跟踪，但演示服务器已经接下了这个任务较早的一次发送，演示余额已为它减少（不消耗真实积分）；重试会取回那张图片，不会再次减少演示余额。最后一次发送也可能已减少演示余额，也可能没有。</translation>
    </message>
    <message>
        <source>Stopped tracking, but the demo server had already finished the image, so the demo balance went down for it (no real credits). Retry fetches the image without lowering it again.</source>
        <translation>已停止跟踪，但演示服务器已经生成完这张图片，演示余额已为它减少（不消耗真实积分）。重试会取回图片，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>Stopped before it reached the demo server: nothing was sent, and the demo balance did not go down.</source>
        <translation>在发送到演示服务器之前已停止：没有发送任何内容，演示余额也没有减少。</translation>
    </message>
    <message>
        <source>Stopped before it reached the demo server: only the reference image was uploaded to it, and the demo balance did not go down.</source>
        <translation>在发送到演示服务器之前已停止：只向它上传了参考图，演示余额没有减少。</translation>
    </message>
    <message>
        <source>Stopped tracking. The demo server did not take the job, so the demo balance did not go down.</source>
        <translation>已停止跟踪。演示服务器没有接下这个任务，因此演示余额没有减少。</translation>
    </message>
    <message>
        <source>Stopped tracking. The demo server turned the job away and made no image; the demo balance may or may not have gone down for it.</source>
        <translation>已停止跟踪。演示服务器拒绝了这个任务，没有生成图片；演示余额可能因它减少，也可能没有。</translation>
    </message>
    <message>
        <source>Stopped before this send reached the demo server, so it did not lower the demo balance; an earlier send of the job may have.</source>
        <translation>在这次发送到达演示服务器之前已停止，因此这次没有减少演示余额；此任务之前的某次发送可能已减少演示余额。</translation>
    </message>
    <message>
        <source>Stopped before this send reached the demo server: only the reference image was uploaded to it, so it did not lower the demo balance; an earlier send of the job may have.</source>
        <translation>在这次发送到达演示服务器之前已停止：只向它上传了参考图，因此这次没有减少演示余额；此任务之前的某次发送可能已减少演示余额。</translation>
    </message>
    <message>
        <source>Stopped tracking. The demo server did not take this send, so it did not lower the demo balance; an earlier send of the job may have.</source>
        <translation>已停止跟踪。演示服务器没有接下这次发送，因此这次没有减少演示余额；此任务之前的某次发送可能已减少演示余额。</translation>
    </message>
    <message>
        <source>The app stopped while sending it to the demo server; the demo balance may or may not have gone down for it.</source>
        <translation>应用在发送到演示服务器时停止；演示余额可能已为它减少，也可能没有。</translation>
    </message>
    <message>
        <source>An error inside Kontext Studio stopped it while sending it to the demo server; the demo balance may or may not have gone down for it.</source>
        <translation>Kontext Studio 内部错误使发送到演示服务器的过程中断；演示余额可能已为它减少，也可能没有。</translation>
    </message>
    <message>
        <source>The app stopped while sending; it may or may not have been charged.</source>
        <translation>应用在发送时停止；可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>An error inside Kontext Studio stopped it while sending; it may or may not have been charged.</source>
        <translation>Kontext Studio 内部错误使发送中断；可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>This job may have reached KIE while it was being sent; only Resubmit sends it again, and that may charge twice.</source>
        <translation>此任务可能在发送过程中已到达 KIE；只有“重新提交”会再次发送，而这可能重复扣费。</translation>
    </message>
    <message>
        <source>This demo job may have reached the demo server while it was being sent; only Resubmit sends it again. A demo job uses no real credits: that only lowers the demo balance.</source>
        <translation>这个演示任务可能在发送过程中已到达演示服务器；只有“重新提交”会再次发送它。演示任务不消耗真实积分：那只会减少演示余额。</translation>
    </message>
    <message>
        <source>Only jobs with an unknown outcome can be resubmitted.</source>
        <translation>只有结果未知的任务才能重新提交。</translation>
    </message>
    <message>
        <source>Only jobs with an unknown outcome can be resubmitted; Retry carries this one on.</source>
        <translation>只有结果未知的任务才能重新提交；这个任务可用“重试”继续。</translation>
    </message>
    <message>
        <source>Job {job_id} has completed: there is nothing to retry.</source>
        <translation>任务 {job_id} 已完成：没有需要重试的内容。</translation>
    </message>
    <message>
        <source>Job {job_id} is running already: it was retried, resubmitted or resumed meanwhile, perhaps by the window or another command. Wait for it to end; the library shows how it goes.</source>
        <translation>任务 {job_id} 已在运行：它在此期间已被重试、重新提交或继续（可能是由窗口或另一个命令）。请等待它结束；图库中可以看到它的进展。</translation>
    </message>
    <message>
        <source>Job {job_id} was made in demo mode, by the simulator: it carries on only in demo mode.</source>
        <translation>任务 {job_id} 是在演示模式下由模拟器生成的：只能在演示模式下继续。</translation>
    </message>
    <message>
        <source>Job {job_id} was sent to KIE in live mode: it carries on only in live mode, with your API key.</source>
        <translation>任务 {job_id} 是在在线模式下发送给 KIE 的：只能在在线模式下（使用你的 API 密钥）继续。</translation>
    </message>
    <message>
        <source>KIE no longer has this image, so a retry cannot fetch it; generate it again as a new job.</source>
        <translation>KIE 已不再保存这张图片，重试也无法取回；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>There is no job {job_id}.</source>
        <translation>没有编号为 {job_id} 的任务。</translation>
    </message>
    <message>
        <source>The demo server no longer has this image, so a retry cannot fetch it; generate it again as a new job.</source>
        <translation>演示服务器已不再保存这张图片，重试也无法取回；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>KIE turned down a new link to this image twice, so a retry cannot fetch it; generate it again as a new job.</source>
        <translation>KIE 已两次拒绝为这张图片提供新链接，重试也无法取回；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>The demo server turned down a new link to this image twice, so a retry cannot fetch it; generate it again as a new job.</source>
        <translation>演示服务器已两次拒绝为这张图片提供新链接，重试也无法取回；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>KIE keeps an image for 14 days, and this one&apos;s days are over: Kontext Studio has stopped trying to fetch it, and a retry cannot; generate it again as a new job.</source>
        <translation>KIE 只保留图片 14 天，这张图片的保留期已过：Kontext Studio 已停止自动取回，重试也无法取回；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>The demo server keeps an image for 14 days, and this one&apos;s days are over: Kontext Studio has stopped trying to fetch it, and a retry cannot; generate it again as a new job.</source>
        <translation>演示服务器只保留图片 14 天，这张图片的保留期已过：Kontext Studio 已停止自动取回，重试也无法取回；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>A retry cannot fetch it; generate it again as a new job.</source>
        <translation>重试无法取回它；请作为新任务重新生成。</translation>
    </message>
    <message>
        <source>KIE refused this job&apos;s prompt or image under its content policy: a retry would send them unchanged, to be refused again, and may be charged. Change the prompt or the image and generate it again as a new job.</source>
        <translation>KIE 依据其内容政策拒绝了该任务的提示词或图片：重试会原样再次发送，仍会被拒绝，且可能扣费。请修改提示词或更换图片，作为新任务重新生成。</translation>
    </message>
    <message>
        <source>The demo server refused this job&apos;s prompt or image under its content policy: a retry would send them unchanged, to be refused again. Change the prompt or the image and generate it again as a new job.</source>
        <translation>演示服务器依据其内容政策拒绝了该任务的提示词或图片：重试会原样再次发送，仍会被拒绝。请修改提示词或更换图片，作为新任务重新生成。</translation>
    </message>
    <message>
        <source>KIE did not accept this job&apos;s request: a retry would send it unchanged, to be refused again. Change the prompt, image or options as KIE&apos;s message says, and generate it again as a new job.</source>
        <translation>KIE 未接受该任务的请求：重试会原样再次发送，仍会被拒绝。请按 KIE 的消息修改提示词、图片或选项，作为新任务重新生成。</translation>
    </message>
    <message>
        <source>The demo server did not accept this job&apos;s request: a retry would send it unchanged, to be refused again. Change the prompt, image or options as its message says, and generate it again as a new job.</source>
        <translation>演示服务器未接受该任务的请求：重试会原样再次发送，仍会被拒绝。请按它的消息修改提示词、图片或选项，作为新任务重新生成。</translation>
    </message>
    <message>
        <source>This job&apos;s saved request cannot be sent as it is (its message says why): a retry would stop the same way, before anything is sent to KIE. Change the prompt, image or options as its message says, and generate it again as a new job.</source>
        <translation>该任务保存的请求无法按原样发送（其消息说明了原因）：重试会以同样的方式停下，不会向 KIE 发送任何内容。请按消息修改提示词、图片或选项，作为新任务重新生成。</translation>
    </message>
    <message>
        <source>This job&apos;s saved request cannot be sent as it is (its message says why): a retry would stop the same way, before anything is sent to the demo server. Change the prompt, image or options as its message says, and generate it again as a new job.</source>
        <translation>该任务保存的请求无法按原样发送（其消息说明了原因）：重试会以同样的方式停下，不会向演示服务器发送任何内容。请按消息修改提示词、图片或选项，作为新任务重新生成。</translation>
    </message>
    <message>
        <source>KIE has no record of this job&apos;s task: a retry sends it again as a new job, which is charged.</source>
        <translation>KIE 没有此任务的记录：重试会将其作为新任务再次发送，并会扣费。</translation>
    </message>
    <message>
        <source>The demo server has no record of this job&apos;s task: a retry sends it again as a new job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>演示服务器没有此任务的记录：重试会将其作为新任务再次发送。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>This artwork was kept for a late answer to an earlier send of job {job_id}, and its task failed: a retry sends its prompt again as a new job, which is charged.</source>
        <translation>这件作品保存的是任务 {job_id} 较早一次发送的迟到回复，而它的任务失败了：重试会将其提示词作为新任务再次发送，并会扣费。</translation>
    </message>
    <message>
        <source>This artwork was kept for a late answer to an earlier send of job {job_id}, and its task failed: a retry sends its prompt to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>这件作品保存的是任务 {job_id} 较早一次发送的迟到回复，而它的任务失败了：重试会将其提示词作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>This job is not running, so there is nothing to cancel.</source>
        <translation>此任务未在运行，没有可取消的内容。</translation>
    </message>
    <message>
        <source>Job {job_id}&apos;s image cannot be downloaded again: KIE keeps an image for 14 days only, and they are over, so its link has expired.</source>
        <translation>任务 {job_id} 的图片无法重新下载：KIE 只保留图片 14 天，现在已经过了，它的链接已过期。</translation>
    </message>
    <message>
        <source>Job {job_id}&apos;s image cannot be downloaded again: the demo server keeps an image for 14 days only, and they are over, so its link has expired.</source>
        <translation>任务 {job_id} 的图片无法重新下载：演示服务器只保留图片 14 天，现在已经过了，它的链接已过期。</translation>
    </message>
    <message>
        <source>Job {job_id}&apos;s image cannot be downloaded again: KIE said it has deleted it.</source>
        <translation>任务 {job_id} 的图片无法重新下载：KIE 表示已将它删除。</translation>
    </message>
    <message>
        <source>Job {job_id}&apos;s image cannot be downloaded again: the demo server said it has deleted it.</source>
        <translation>任务 {job_id} 的图片无法重新下载：演示服务器表示已将它删除。</translation>
    </message>
    <message>
        <source>Job {job_id}&apos;s image cannot be downloaded again: KIE no longer accepts its link.</source>
        <translation>任务 {job_id} 的图片无法重新下载：KIE 已不再接受它的链接。</translation>
    </message>
    <message>
        <source>Job {job_id}&apos;s image cannot be downloaded again: the demo server no longer accepts its link.</source>
        <translation>任务 {job_id} 的图片无法重新下载：演示服务器已不再接受它的链接。</translation>
    </message>
    <message>
        <source>If you have a copy from a backup, put it in its place, under the same name.</source>
        <translation>如果备份中有副本，请以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>the download link KIE had just given was refused</source>
        <translation>KIE 刚给出的下载链接也被拒绝了</translation>
    </message>
    <message>
        <source>Only a finished image that KIE made can be downloaded again.</source>
        <translation>只有 KIE 生成的已完成图片才能重新下载。</translation>
    </message>
    <message>
        <source>Only a finished image that the demo server made can be downloaded again.</source>
        <translation>只有演示服务器生成的已完成图片才能重新下载。</translation>
    </message>
    <message>
        <source>Job {job_id} is being downloaded again already, perhaps by another window or a command. Wait for it to end; the library shows how it goes.</source>
        <translation>任务 {job_id} 已在重新下载中（可能是由另一个窗口或命令）。请等待它结束；图库中可以看到它的进展。</translation>
    </message>
    <message>
        <source>The image file is still there.</source>
        <translation>图片文件仍在原处。</translation>
    </message>
    <message>
        <source>KIE’s upload service did not take the reference image</source>
        <translation>KIE 的上传服务没有接收参考图</translation>
    </message>
    <message>
        <source>KIE had not finished it after {seconds} seconds</source>
        <translation>{seconds} 秒后 KIE 仍未完成</translation>
    </message>
    <message>
        <source>The demo server had not finished it after {seconds} seconds</source>
        <translation>{seconds} 秒后演示服务器仍未完成</translation>
    </message>
    <message>
        <source>The reference image {name} is no longer on disk.</source>
        <translation>参考图 {name} 已不在磁盘上。</translation>
    </message>
    <message>
        <source>cannot save in the library folder {folder}: the folder it is in is not there (is its drive connected?)</source>
        <translation>无法保存到图库文件夹 {folder}：它所在的文件夹不存在（其所在的磁盘是否已连接？）</translation>
    </message>
    <message>
        <source>cannot keep a copy of {name}: {reason}</source>
        <translation>无法保留 {name} 的副本：{reason}</translation>
    </message>
    <message>
        <source>cannot save {name}: {reason}</source>
        <translation>无法保存 {name}：{reason}</translation>
    </message>
    <message>
        <source>{name} is actually a {format}</source>
        <translation>{name} 实际上是 {format} 文件</translation>
    </message>
    <message>
        <source>Save it again at a lower JPEG quality, or with fewer pixels, and try again.</source>
        <translation>请以更低的 JPEG 质量重新保存，或减少像素，然后重试。</translation>
    </message>
    <message>
        <source>Save it as a JPEG or WebP (far smaller than a PNG), or with fewer pixels, and try again.</source>
        <translation>请另存为 JPEG 或 WebP（比 PNG 小得多），或减少像素，然后重试。</translation>
    </message>
    <message>
        <source>Save it again at a lower WebP quality (not lossless), or with fewer pixels, and try again.</source>
        <translation>请以更低的 WebP 质量重新保存（不要用无损），或减少像素，然后重试。</translation>
    </message>
    <message>
        <source>Save it as a JPEG or PNG, or with fewer pixels, and try again.</source>
        <translation>请另存为 JPEG 或 PNG，或减少像素，然后重试。</translation>
    </message>
    <message>
        <source>Save it with fewer pixels (scale it down), and try again.</source>
        <translation>请减少像素（缩小尺寸），然后重试。</translation>
    </message>
    <message>
        <source>Save it to a file as a JPEG (far smaller than a PNG) and choose that file, or copy it with fewer pixels and paste it again.</source>
        <translation>请将其另存为 JPEG 文件（比 PNG 小得多）并选择该文件，或以更少的像素复制后再粘贴。</translation>
    </message>
    <message>
        <source>Scale it down to fewer pixels in the app it came from, copy it and paste it again.</source>
        <translation>请在来源应用中将其缩小到更少的像素，然后重新复制并粘贴。</translation>
    </message>
    <message>
        <source>Copy it again in the app it came from and paste it again, or save it to a file there and choose that file.</source>
        <translation>请在来源应用中重新复制并粘贴，或在那里将其保存为文件，再选择该文件。</translation>
    </message>
    <message>
        <source>Save or export it as a JPEG or PNG (photo apps and image editors can), and try again.</source>
        <translation>请将它另存为或导出为 JPEG 或 PNG（照片应用和图像编辑器都可以），然后重试。</translation>
    </message>
    <message>
        <source>Export or save it again without its metadata, and try again.</source>
        <translation>请不带元数据重新导出或保存它，然后重试。</translation>
    </message>
    <message>
        <source>{name} is a web page, not an image (the link may have expired)</source>
        <translation>{name} 是网页而不是图片，链接可能已过期</translation>
    </message>
    <message>
        <source>{name} is a text reply, not an image (the link may have expired)</source>
        <translation>{name} 是文本回复而不是图片，链接可能已过期</translation>
    </message>
    <message>
        <source>{name} does not exist</source>
        <translation>{name} 不存在</translation>
    </message>
    <message>
        <source>{name} cannot be read: permission denied</source>
        <translation>无法读取 {name}：没有权限</translation>
    </message>
    <message>
        <source>{name} cannot be read: {reason}</source>
        <translation>无法读取 {name}：{reason}</translation>
    </message>
    <message>
        <source>{name} is not an image, or its format is not supported: use {formats}</source>
        <translation>{name} 不是图片，或其格式不受支持：请使用 {formats}</translation>
    </message>
    <message>
        <source>{name} is truncated or damaged</source>
        <translation>{name} 不完整或已损坏</translation>
    </message>
    <message>
        <source>{name} carries more text than the app reads (over {limit}&#xa0;MB, such as a workflow saved in it)</source>
        <translation>{name} 中的文字超出了本应用读取的上限（超过 {limit}&#xa0;MB，例如其中保存的工作流）</translation>
    </message>
    <message>
        <source>{name} is {size}&#xa0;MB; the limit is {limit}&#xa0;MB</source>
        <translation>{name} 为 {size}&#xa0;MB；上限为 {limit}&#xa0;MB</translation>
    </message>
    <message>
        <source>{name} is still {size}&#xa0;MB once made ready for sending; the limit is {limit}&#xa0;MB</source>
        <translation>{name} 准备发送的副本仍有 {size}&#xa0;MB；上限为 {limit}&#xa0;MB</translation>
    </message>
    <message>
        <source>{name} has too many pixels; the limit is {limit:mega}&#xa0;MP</source>
        <translation>{name} 像素过多；上限为 {limit:myriad 万 亿}像素</translation>
    </message>
    <message>
        <source>{name} is {width}×{height} ({pixels:mega}&#xa0;MP); the limit is {limit:mega}&#xa0;MP</source>
        <translation>{name} 为 {width}×{height}（{pixels:myriad 万 亿}像素）；上限为 {limit:myriad 万 亿}像素</translation>
    </message>
    <message>
        <source>{name} is not a regular file</source>
        <translation>{name} 不是普通文件</translation>
    </message>
    <message>
        <source>{name} is 0 bytes</source>
        <translation>{name} 为 0 字节</translation>
    </message>
    <message>
        <source>{name} is a {other} image, which is not supported: use {formats}</source>
        <translation>{name} 是 {other} 图片，不受支持：请使用 {formats}</translation>
    </message>
    <message>
        <source>{name} is a folder, not an image file</source>
        <translation>{name} 是文件夹，不是图片文件</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: it is a file, not a folder</source>
        <translation>无法使用文件夹 {folder}：这是一个文件，而不是文件夹</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: part of its path is a file, not a folder</source>
        <translation>无法使用文件夹 {folder}：其路径中有一部分是文件，而不是文件夹</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: the disk it is on is read-only</source>
        <translation>无法使用文件夹 {folder}：它所在的磁盘是只读的</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: the disk is full</source>
        <translation>无法使用文件夹 {folder}：磁盘已满</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: {reason}</source>
        <translation>无法使用文件夹 {folder}：{reason}</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: it holds a NUL character</source>
        <translation>无法使用文件夹 {folder}：其中含有 NUL 字符</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: the home folder it starts with is unknown</source>
        <translation>无法使用文件夹 {folder}：无法确定它开头所指的主文件夹</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: give its whole path</source>
        <translation>无法使用文件夹 {folder}：请填写完整路径</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: the folder it is in does not exist</source>
        <translation>无法使用文件夹 {folder}：它所在的文件夹不存在</translation>
    </message>
    <message>
        <source>cannot use the folder {folder}: it cannot be written to</source>
        <translation>无法使用文件夹 {folder}：无法写入</translation>
    </message>
    <message>
        <source>{file} could not be read: another program may hold it, or its disk did not answer</source>
        <translation>无法读取 {file}：可能被另一个程序占用，或其所在磁盘没有响应</translation>
    </message>
    <message>
        <source>cannot write {name}: it holds text that cannot be saved</source>
        <translation>无法写入 {name}：其中含有无法保存的文本</translation>
    </message>
    <message>
        <source>{file} is a folder, not a file</source>
        <translation>{file} 是文件夹，不是文件</translation>
    </message>
    <message>
        <source>{file} is a link to {target}, where there is no file to save to</source>
        <translation>{file} 是指向 {target} 的链接，但那里没有可保存的文件</translation>
    </message>
    <message>
        <source>{file} cannot be replaced: the file is read-only, or another program holds it</source>
        <translation>无法替换 {file}：该文件是只读的，或被另一个程序占用</translation>
    </message>
    <message>
        <source>cannot write {name}: {reason}</source>
        <translation>无法写入 {name}：{reason}</translation>
    </message>
    <message>
        <source>{name} is not an image this app can show</source>
        <translation>{name} 不是本应用能显示的图片</translation>
    </message>
    <message>
        <source>{name} has too many pixels to show</source>
        <translation>{name} 像素过多，无法显示</translation>
    </message>
    <message>
        <source>Cannot write thumbnails to {folder}: {reason}</source>
        <translation>无法将缩略图写入 {folder}：{reason}</translation>
    </message>
    <message>
        <source>Cannot write thumbnail {name}: {reason}</source>
        <translation>无法写入缩略图 {name}：{reason}</translation>
    </message>
    <message>
        <source>The prompt must be text.</source>
        <translation>提示词必须是文本。</translation>
    </message>
    <message>
        <source>The prompt is empty.</source>
        <translation>提示词为空。</translation>
    </message>
    <message>
        <source>The prompt is not valid text (it holds broken characters).</source>
        <translation>提示词不是有效文本（含有损坏的字符）。</translation>
    </message>
    <message>
        <source>The prompt has {count} characters; the limit is {limit}.</source>
        <translation>提示词有 {count} 个字符；上限为 {limit}。</translation>
    </message>
    <message>
        <source>Unknown model “{model}”; use pro or max.</source>
        <translation>未知模型“{model}”；请使用 pro 或 max。</translation>
    </message>
    <message>
        <source>Unknown aspect ratio “{ratio}”; use {ratios}.</source>
        <translation>未知宽高比“{ratio}”；请使用 {ratios}。</translation>
    </message>
    <message>
        <source>An aspect ratio is needed when there is no reference image.</source>
        <translation>没有参考图时需要选择宽高比。</translation>
    </message>
    <message>
        <source>Unknown output format “{format}”; use jpeg or png.</source>
        <translation>未知输出格式“{format}”；请使用 jpeg 或 png。</translation>
    </message>
    <message>
        <source>The safety tolerance must be a whole number.</source>
        <translation>安全容忍度必须是整数。</translation>
    </message>
    <message>
        <source>a secure connection could not be made</source>
        <translation>无法建立安全连接</translation>
    </message>
    <message>
        <source>the proxy could not be reached</source>
        <translation>无法连接到代理服务器</translation>
    </message>
    <message>
        <source>Check {variables} in the environment, then start Kontext Studio again, which reads the environment only as it starts.</source>
        <translation>请检查环境变量 {variables}，然后重新启动 Kontext Studio：它只在启动时读取环境变量。</translation>
    </message>
    <message>
        <source>Still empty: {fields}.</source>
        <translation>尚未填写：{fields}。</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>存储桶</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>访问密钥 ID</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>Still empty: {fields}. {unread}</source>
        <translation>尚未填写：{fields}。{unread}</translation>
    </message>
    <message>
        <source>Unlock the keyring, then try again; or set R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>请解锁密钥环后重试；或在环境变量 R2_SECRET_ACCESS_KEY 中设置。</translation>
    </message>
    <message>
        <source>Try again; if the keyring still does not answer, restart its service (or log out and back in). Or set R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>请重试；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。也可以在环境变量中设置 R2_SECRET_ACCESS_KEY。</translation>
    </message>
    <message>
        <source>the R2 endpoint must be an http(s) URL or an account ID</source>
        <translation>R2 端点必须是 http(s) 网址或账户 ID</translation>
    </message>
    <message>
        <source>{bucket} is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit</source>
        <translation>{bucket} 不是有效的存储桶名称：须为 3 到 63 个小写字母、数字、点或连字符，并以字母或数字开头和结尾</translation>
    </message>
    <message>
        <source>the public base URL must start with http:// or https://</source>
        <translation>公开访问网址必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>the public base URL names no host: give the whole address, such as https://pub-….r2.dev</source>
        <translation>公开访问网址缺少主机名：请填写完整地址，例如 https://pub-….r2.dev</translation>
    </message>
    <message>
        <source>the public base URL is the bucket&apos;s S3 API address, which opens nothing without the keys: give its public URL, such as https://pub-….r2.dev, or your own domain</source>
        <translation>公开访问网址填的是存储桶的 S3 API 地址，没有密钥无法打开：请填写它的公开网址（例如 https://pub-….r2.dev）或你自己的域名</translation>
    </message>
    <message>
        <source>they do not give access to bucket &apos;{bucket}&apos;</source>
        <translation>它们无权访问存储桶 &apos;{bucket}&apos;</translation>
    </message>
    <message>
        <source>R2 had a problem on its side</source>
        <translation>R2 服务端出了问题</translation>
    </message>
    <message>
        <source>R2 refused the request</source>
        <translation>R2 拒绝了这个请求</translation>
    </message>
    <message>
        <source>the system refused</source>
        <translation>系统拒绝了读取</translation>
    </message>
    <message>
        <source>{host} sent an answer that R2 does not send (is a proxy or a sign-in page in the way?)</source>
        <translation>{host} 返回的应答不是 R2 会发送的内容（是否被代理或登录页面拦截？）</translation>
    </message>
    <message>
        <source>the request to {host} could not be made</source>
        <translation>无法向 {host} 发出请求</translation>
    </message>
    <message>
        <source>an unexpected error stopped it; the log has the details</source>
        <translation>意外错误使其中止；详情见日志</translation>
    </message>
    <message>
        <source>bucket &apos;{bucket}&apos; does not exist</source>
        <translation>存储桶 &apos;{bucket}&apos; 不存在</translation>
    </message>
    <message>
        <source>about {count} days behind</source>
        <translation>慢了约 {count} 天</translation>
    </message>
    <message>
        <source>about {count} days ahead</source>
        <translation>快了约 {count} 天</translation>
    </message>
    <message>
        <source>about {count} h behind</source>
        <translation>慢了约 {count} 小时</translation>
    </message>
    <message>
        <source>about {count} h ahead</source>
        <translation>快了约 {count} 小时</translation>
    </message>
    <message>
        <source>about {count} min behind</source>
        <translation>慢了约 {count} 分钟</translation>
    </message>
    <message>
        <source>about {count} min ahead</source>
        <translation>快了约 {count} 分钟</translation>
    </message>
    <message>
        <source>This passes by itself: wait a few minutes, then retry.</source>
        <translation>这会自行恢复：请等几分钟后重试。</translation>
    </message>
    <message>
        <source>R2 asked to slow down: too many requests for now</source>
        <translation>R2 要求放慢速度：目前请求过多</translation>
    </message>
    <message>
        <source>R2 said the time of the request is too far from its own</source>
        <translation>R2 表示请求的时间与它的时间相差太大</translation>
    </message>
    <message>
        <source>no server has that name: check the endpoint&apos;s spelling</source>
        <translation>没有服务器叫这个名字：请检查端点地址的拼写</translation>
    </message>
    <message>
        <source>nothing answered at that address</source>
        <translation>该地址上没有服务器应答</translation>
    </message>
    <message>
        <source>Check the network, and {variables} in the environment; after changing the environment, start Kontext Studio again, which reads the environment only as it starts.</source>
        <translation>请检查网络和环境变量 {variables}；更改环境变量后，请重新启动 Kontext Studio：它只在启动时读取环境变量。</translation>
    </message>
    <message>
        <source>Check the secret access key in Settings, and {variables} in the environment; after changing the environment, start Kontext Studio again, which reads the environment only as it starts.</source>
        <translation>请在“设置”中检查秘密访问密钥，并检查环境变量 {variables}；更改环境变量后，请重新启动 Kontext Studio：它只在启动时读取环境变量。</translation>
    </message>
    <message>
        <source>Check the access key ID in Settings, and {variables} in the environment; after changing the environment, start Kontext Studio again, which reads the environment only as it starts.</source>
        <translation>请在“设置”中检查访问密钥 ID，并检查环境变量 {variables}；更改环境变量后，请重新启动 Kontext Studio：它只在启动时读取环境变量。</translation>
    </message>
    <message>
        <source>cannot reach {host} ({reason})</source>
        <translation>无法连接 {host}（{reason}）</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{host} answered, but sending {name} timed out: the connection may be too slow for a file this size</source>
        <translation>{host} 有回应，但发送 {name} 超时：对这么大的文件来说，网络连接可能太慢</translation>
    </message>
    <message>
        <source>Publish it again later, or over a faster connection.</source>
        <translation>请稍后再发布，或换用更快的网络连接。</translation>
    </message>
    <message>
        <source>{name} is not a PNG, JPEG or WebP image</source>
        <translation>{name} 不是 PNG、JPEG 或 WebP 图片</translation>
    </message>
    <message>
        <source>{name} changed while it was being sent, so it was not published: another program may still be saving it. Publish it again once it is saved.</source>
        <translation>{name} 在发送过程中被修改，因此未发布：可能另一个程序仍在保存它。保存完成后请再次发布。</translation>
    </message>
    <message>
        <source>R2 did not store {name} intact; the upload was removed</source>
        <translation>R2 未完整保存 {name}；已删除该上传</translation>
    </message>
    <message>
        <source>a partial upload may be left in the bucket ({reason})</source>
        <translation>存储桶中可能残留部分上传内容（{reason}）</translation>
    </message>
    <message>
        <source>cannot save into {folder}: {reason}</source>
        <translation>无法保存到 {folder}：{reason}</translation>
    </message>
    <message>
        <source>The image was generated and is safe in the library; copying it into {folder} failed: {reason}.</source>
        <translation>图片已生成，并安全地保存在图库中；复制到 {folder} 失败：{reason}。</translation>
    </message>
    <message>
        <source>The image was generated, but it could not be copied into {folder}: {reason}.</source>
        <translation>图片已生成，但无法复制到 {folder}：{reason}。</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk it is on is read-only</source>
        <translation>它所在的磁盘是只读的</translation>
    </message>
    <message>
        <source>you do not have permission to write there</source>
        <translation>你没有在此处写入的权限</translation>
    </message>
    <message>
        <source>Publishing is not set up: fill in the empty fields in {publishing_settings}, or set {variables}, then try again.</source>
        <translation>尚未设置发布：请在“{publishing_settings}”中填写空着的字段，或设置环境变量 {variables}，然后重试。</translation>
    </message>
    <message>
        <source>the folder is no longer there</source>
        <translation>该文件夹已不存在</translation>
    </message>
    <message>
        <source>it is no longer a folder</source>
        <translation>它已不再是文件夹</translation>
    </message>
    <message>
        <source>a folder there has the image&apos;s name</source>
        <translation>那里有一个与图片同名的文件夹</translation>
    </message>
    <message>
        <source>your share of the disk (its quota) is used up</source>
        <translation>你的磁盘配额已用完</translation>
    </message>
    <message>
        <source>There is no job {job_id}. `kontext-studio jobs` lists the library.</source>
        <translation>没有编号为 {job_id} 的任务。`kontext-studio jobs` 可列出图库。</translation>
    </message>
    <message>
        <source>Job {job_id} is not running, so there is nothing to cancel. `kontext-studio jobs {job_id}` shows how it ended.</source>
        <translation>任务 {job_id} 没有在运行，没有可取消的内容。`kontext-studio jobs {job_id}` 可查看它是如何结束的。</translation>
    </message>
    <message>
        <source>The key is never taken from the command line, where `ps` and the shell&apos;s history keep it: run `kontext-studio key set` and type it at its prompt, or pipe it in (`kontext-studio key set &lt; key.txt`). Remove it from the shell&apos;s history too.</source>
        <translation>密钥绝不从命令行参数读取，因为 `ps` 和 shell 的历史记录会留下它：请运行 `kontext-studio key set` 并在提示处输入，或通过管道传入（`kontext-studio key set &lt; key.txt`）。另外请把它从 shell 的历史记录中删除。</translation>
    </message>
    <message>
        <source>No KIE API key is set, so there is nothing to test. `kontext-studio key set` stores one in the system keyring (or set KIE_API_KEY).</source>
        <translation>尚未设置 KIE API 密钥，没有可测试的内容。`kontext-studio key set` 可将密钥保存到系统密钥环（或设置 KIE_API_KEY）。</translation>
    </message>
    <message>
        <source>This key is refused, so nothing was stored. {reason}</source>
        <translation>此密钥被拒绝，未存储任何内容。{reason}</translation>
    </message>
    <message>
        <source>Job {id} was sent to KIE in live mode: it carries on only in live mode, and no KIE API key is set, so this command ran in demo mode. Set your key with `kontext-studio key set` (or in KIE_API_KEY), then run `kontext-studio {command}` again.</source>
        <translation>任务 {id} 是在在线模式下发送给 KIE 的：只能在在线模式下继续，而当前没有设置 KIE API 密钥，因此此命令以演示模式运行。请用 `kontext-studio key set`（或 KIE_API_KEY）设置密钥，然后再次运行 `kontext-studio {command}`。</translation>
    </message>
    <message>
        <source>Job {id} was sent to KIE in live mode: it carries on only in live mode, and no KIE API key is set, so this command ran in demo mode. Set your key with `kontext-studio key set` (or in KIE_API_KEY), then `kontext-studio resume` carries it on.</source>
        <translation>任务 {id} 是在在线模式下发送给 KIE 的：只能在在线模式下继续，而当前没有设置 KIE API 密钥，因此此命令以演示模式运行。请用 `kontext-studio key set`（或 KIE_API_KEY）设置密钥，然后可用 `kontext-studio resume` 继续它。</translation>
    </message>
    <message>
        <source>Job {id} was sent to KIE in live mode and has not ended; the window or another command has this library open, and carries it on if it runs in live mode, so there is nothing to send again (`kontext-studio jobs {id}` shows how it goes). No KIE API key is set here, so this command ran in demo mode: if the window is in demo mode too, set your key with `kontext-studio key set` (or in KIE_API_KEY), then close the window and run `kontext-studio resume`.</source>
        <translation>任务 {id} 是在在线模式下发送给 KIE 的，尚未结束；打开此图库的窗口或另一个命令若以在线模式运行，会继续它，因此没有需要再次发送的内容（`kontext-studio jobs {id}` 可查看它的进展）。此处没有设置 KIE API 密钥，因此此命令以演示模式运行：如果窗口也处于演示模式，请用 `kontext-studio key set`（或 KIE_API_KEY）设置密钥，然后关闭窗口并运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>Job {id} was sent to KIE in live mode and has not ended; the window (live mode) has this library open and carries it on, so there is nothing to send again (`kontext-studio jobs {id}` shows how it goes).</source>
        <translation>任务 {id} 是在在线模式下发送给 KIE 的，尚未结束；打开此图库的窗口（在线模式）会继续它，因此没有需要再次发送的内容（`kontext-studio jobs {id}` 可查看它的进展）。</translation>
    </message>
    <message>
        <source>Job {id} was sent to KIE in live mode and has not ended, and the window (demo mode) has this library open: it does not run live jobs. No KIE API key is set here either, so this command ran in demo mode: set your key with `kontext-studio key set` (or in KIE_API_KEY), then switch the window to live mode, or quit it and run `kontext-studio resume`.</source>
        <translation>任务 {id} 是在在线模式下发送给 KIE 的，尚未结束，而打开此图库的窗口处于演示模式：它不运行在线任务。此处也没有设置 KIE API 密钥，因此此命令以演示模式运行：请用 `kontext-studio key set`（或 KIE_API_KEY）设置密钥，然后将窗口切换到在线模式，或退出它并运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>Job {id} is running already, in the window or another command open on this library, so there is nothing to send again. Wait for it to end; `kontext-studio jobs {id}` shows how it goes.</source>
        <translation>任务 {id} 已在运行（在打开此图库的窗口或另一个命令中），没有需要再次发送的内容。请等待它结束；`kontext-studio jobs {id}` 可查看它的进展。</translation>
    </message>
    <message>
        <source>Job {id} was left unfinished by a window or command that ended before it did, so there is nothing to send again: `kontext-studio resume` carries it on.</source>
        <translation>任务 {id} 未完成时，运行它的窗口或命令已先结束，因此没有需要再次发送的内容：可用 `kontext-studio resume` 继续。</translation>
    </message>
    <message>
        <source>Job {id} was left unfinished by a window or command that ended before it did, so there is nothing to send again: `kontext-studio resume --demo` carries it on.</source>
        <translation>任务 {id} 未完成时，运行它的窗口或命令已先结束，因此没有需要再次发送的内容：可用 `kontext-studio resume --demo` 继续。</translation>
    </message>
    <message>
        <source>KIE has no record of job {id}, so a retry sends it again as a new job, which is charged. To send it anyway, add --yes.</source>
        <translation>KIE 没有任务 {id} 的记录，重试会将其作为新任务再次发送，并会扣费。如仍要发送，请加上 --yes。</translation>
    </message>
    <message>
        <source>The demo server has no record of job {id}, so a retry sends it again as a new job. A demo job uses no real credits: only the demo balance goes down. To send it anyway, add --yes.</source>
        <translation>演示服务器没有任务 {id} 的记录，重试会将其作为新任务再次发送。演示任务不消耗真实积分：只会减少演示余额。如仍要发送，请加上 --yes。</translation>
    </message>
    <message>
        <source>Artwork {id} was kept for a late answer to an earlier send of job {job}, and its task failed, so a retry sends its prompt again as a new job, which is charged. To send it anyway, add --yes.</source>
        <translation>作品 {id} 保存的是任务 {job} 较早一次发送的迟到回复，而它的任务失败了，因此重试会将其提示词作为新任务再次发送，并会扣费。如仍要发送，请加上 --yes。</translation>
    </message>
    <message>
        <source>Artwork {id} was kept for a late answer to an earlier send of job {job}, and its task failed, so a retry sends its prompt to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down. To send it anyway, add --yes.</source>
        <translation>作品 {id} 保存的是任务 {job} 较早一次发送的迟到回复，而它的任务失败了，因此重试会将其提示词作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。如仍要发送，请加上 --yes。</translation>
    </message>
    <message>
        <source>An earlier send of job {id} made its image, or is still making it, as artwork {ids}: a retry sends the job to KIE again as a new job, which is charged. `kontext-studio jobs {ids}` shows that artwork; to send the job again anyway, add --yes.</source>
        <translation>任务 {id} 较早的一次发送已生成它的图片（或仍在生成），即作品 {ids}：重试会将该任务作为新任务再次发送到 KIE，并会扣费。`kontext-studio jobs {ids}` 可查看那件作品；如仍要再次发送该任务，请加上 --yes。</translation>
    </message>
    <message>
        <source>Earlier sends of job {id} made its image, or are still making it, as artworks {ids}: a retry sends the job to KIE again as a new job, which is charged. `kontext-studio jobs ID` shows each of those artworks; to send the job again anyway, add --yes.</source>
        <translation>任务 {id} 较早的几次发送已生成它的图片（或仍在生成），即作品 {ids}：重试会将该任务作为新任务再次发送到 KIE，并会扣费。`kontext-studio jobs ID` 可查看其中每件作品；如仍要再次发送该任务，请加上 --yes。</translation>
    </message>
    <message>
        <source>An earlier send of job {id} made its image, or is still making it, as artwork {ids}: a retry sends the job to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down. `kontext-studio jobs {ids}` shows that artwork; to send the job again anyway, add --yes.</source>
        <translation>任务 {id} 较早的一次发送已生成它的图片（或仍在生成），即作品 {ids}：重试会将该任务作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。`kontext-studio jobs {ids}` 可查看那件作品；如仍要再次发送该任务，请加上 --yes。</translation>
    </message>
    <message>
        <source>Earlier sends of job {id} made its image, or are still making it, as artworks {ids}: a retry sends the job to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down. `kontext-studio jobs ID` shows each of those artworks; to send the job again anyway, add --yes.</source>
        <translation>任务 {id} 较早的几次发送已生成它的图片（或仍在生成），即作品 {ids}：重试会将该任务作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。`kontext-studio jobs ID` 可查看其中每件作品；如仍要再次发送该任务，请加上 --yes。</translation>
    </message>
    <message>
        <source>Job {id} may have reached KIE already and been charged: look for it in the logs of your account on kie.ai first. If its task is there, `kontext-studio attach {id} TASK_ID` brings its image without paying again. To send it again anyway (it may be charged twice), add --yes.</source>
        <translation>任务 {id} 可能已到达 KIE 并已扣费：请先在你的 kie.ai 账户日志中查找它。如果其任务在那里，`kontext-studio attach {id} TASK_ID` 可取回图片而无需再次付费。如仍要再次发送（可能重复扣费），请加上 --yes。</translation>
    </message>
    <message>
        <source>Job {id} was sent to the demo server, which may have made it already. A demo job uses no real credits: sending it again only lowers the demo balance, and at worst makes the image twice. To send it again, add --yes.</source>
        <translation>任务 {id} 已发送到演示服务器，它可能已经生成了这张图片。演示任务不消耗真实积分：再次发送只会减少演示余额，最多只是把图片生成两次。如要再次发送，请加上 --yes。</translation>
    </message>
    <message>
        <source>Port {port} cannot be used: {reason}. Choose another one with --port.</source>
        <translation>无法使用端口 {port}：{reason}。请用 --port 选择另一个端口。</translation>
    </message>
    <message>
        <source>There is no artwork {id}. `kontext-studio jobs` lists the library.</source>
        <translation>没有编号为 {id} 的作品。`kontext-studio jobs` 可列出图库。</translation>
    </message>
    <message>
        <source>artwork {id} is not in the library</source>
        <translation>作品 {id} 不在图库中</translation>
    </message>
    <message>
        <source>artwork {id} was removed from the bucket, but it was deleted from the library meanwhile</source>
        <translation>作品 {id} 已从存储桶中移除，但其间它已从图库中被删除</translation>
    </message>
    <message>
        <source>an earlier version of artwork {id} was removed from the bucket, but the artwork was deleted from the library meanwhile: the version published last stays there</source>
        <translation>作品 {id} 的较早版本已从存储桶中移除，但该作品在此期间已从图库中被删除：最后发布的版本仍留在存储桶中</translation>
    </message>
    <message>
        <source>Artwork {id} has no finished image, so there is nothing to publish.</source>
        <translation>作品 {id} 没有已完成的图片，没有可发布的内容。</translation>
    </message>
    <message>
        <source>Artwork {id} has no image file, so there is nothing to publish.</source>
        <translation>作品 {id} 没有图片文件，没有可发布的内容。</translation>
    </message>
    <message>
        <source>{name} is no longer in the library folder {folder}</source>
        <translation>{name} 已不在图库文件夹 {folder} 中</translation>
    </message>
    <message>
        <source>If it was moved or deleted outside Kontext Studio, put it back in that folder under the same name, then publish it again.</source>
        <translation>如果它已在 Kontext Studio 之外被移动或删除，请以原文件名放回该文件夹，然后重新发布。</translation>
    </message>
    <message>
        <source>publish it again</source>
        <translation>再次发布</translation>
    </message>
    <message>
        <source>save it again</source>
        <translation>再次保存</translation>
    </message>
    <message>
        <source>use it as the reference again</source>
        <translation>再次把它用作参考图</translation>
    </message>
    <message>
        <source>Put a copy from a backup in its place, under the same name, then {again}.</source>
        <translation>把备份中的副本以同样的文件名放回原处，然后{again}。</translation>
    </message>
    <message>
        <source>{name} in the library folder {folder} does not open: it is damaged</source>
        <translation>图库文件夹 {folder} 中的 {name} 打不开：它已损坏</translation>
    </message>
    <message>
        <source>Put a copy from a backup in its place, under the same name, or download it again where the preview offers it, then {again}.</source>
        <translation>把备份中的副本以同样的文件名放回原处，或者在预览提供重新下载时重新下载，然后{again}。</translation>
    </message>
    <message>
        <source>artwork {id} was removed from the bucket or published by another window or command while this publish ran; this publish was taken back</source>
        <translation>在此次发布进行期间，作品 {id} 已被另一个窗口或命令从存储桶中移除或发布；此次发布已撤回</translation>
    </message>
    <message>
        <source>Artwork {id} is published in the bucket &apos;{bucket}&apos;, but the R2 settings now name the bucket &apos;{current}&apos;.</source>
        <translation>作品 {id} 发布在存储桶 &apos;{bucket}&apos; 中，但 R2 设置现在指向存储桶 &apos;{current}&apos;。</translation>
    </message>
    <message>
        <source>Artwork {id} is published in the bucket &apos;{bucket}&apos; at {host}, but the R2 settings now name the bucket &apos;{current}&apos; at {current_host}.</source>
        <translation>作品 {id} 发布在 {host} 的存储桶 &apos;{bucket}&apos; 中，但 R2 设置现在指向 {current_host} 的存储桶 &apos;{current}&apos;。</translation>
    </message>
    <message>
        <source>A publish of artwork {id} to the bucket &apos;{bucket}&apos; at {host} stopped before its end and may have left its image there, but the R2 settings now name the bucket &apos;{current}&apos; at {current_host}.</source>
        <translation>作品 {id} 发布到 {host} 的存储桶 &apos;{bucket}&apos; 时中途停止，可能在那里留下了它的图片，但 R2 设置现在指向 {current_host} 的存储桶 &apos;{current}&apos;。</translation>
    </message>
    <message>
        <source>Artwork {id} is published in the bucket &apos;{bucket}&apos; at {host}, and publishing is not set up now.</source>
        <translation>作品 {id} 发布在 {host} 的存储桶 &apos;{bucket}&apos; 中，而现在尚未设置发布。</translation>
    </message>
    <message>
        <source>A publish of artwork {id} to the bucket &apos;{bucket}&apos; at {host} stopped before its end and may have left its image there, and publishing is not set up now.</source>
        <translation>作品 {id} 发布到 {host} 的存储桶 &apos;{bucket}&apos; 时中途停止，可能在那里留下了它的图片，而现在尚未设置发布。</translation>
    </message>
    <message>
        <source>Switch the R2 settings back to that bucket to unpublish it: with the settings as they are, nothing would be removed, and it would stay published there with no record of it. If that bucket can no longer be reached, `kontext-studio unpublish {id} --forget` forgets the publication and removes nothing.</source>
        <translation>请把 R2 设置改回那个存储桶再取消发布：按现在的设置，什么都不会被移除，它会继续发布在那里，却不再有任何记录。如果那个存储桶已无法访问，`kontext-studio unpublish {id} --forget` 会忘记这次发布，不移除任何内容。</translation>
    </message>
    <message>
        <source>To publish it in the new bucket, switch the R2 settings back and unpublish it there first: publishing it now would leave the old copy published with no record of it. If that bucket can no longer be reached, `kontext-studio unpublish {id} --forget` forgets the publication and removes nothing; then publish it.</source>
        <translation>要发布到新的存储桶，请先把 R2 设置改回原来的存储桶，在那里取消发布：现在发布会让旧副本继续发布在那里，却不再有任何记录。如果那个存储桶已无法访问，`kontext-studio unpublish {id} --forget` 会忘记这次发布，不移除任何内容；然后再发布它。</translation>
    </message>
    <message>
        <source>Switch the R2 settings back to that bucket to get its link.</source>
        <translation>请把 R2 设置改回那个存储桶，以获取它的链接。</translation>
    </message>
    <message>
        <source>artwork {id} is not published</source>
        <translation>作品 {id} 尚未发布</translation>
    </message>
    <message>
        <source>{name} changed while it was being copied into the library, so it was not added: another program may still be saving it. Add it again once it is saved.</source>
        <translation>{name} 在复制到图库的过程中被修改，因此未添加：可能另一个程序仍在保存它。保存完成后请再次添加。</translation>
    </message>
    <message>
        <source>cannot copy {name} into the library: {reason}</source>
        <translation>无法将 {name} 复制到图库：{reason}</translation>
    </message>
    <message>
        <source>cannot write the log file {path}: {reason}</source>
        <translation>无法写入日志文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>A preset needs a name.</source>
        <translation>预设需要一个名称。</translation>
    </message>
    <message>
        <source>A preset name can have at most {limit} characters.</source>
        <translation>预设名称最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>A template can have at most {limit} characters.</source>
        <translation>模板最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>The built-in preset {name} cannot be deleted.</source>
        <translation>内置预设 {name} 无法删除。</translation>
    </message>
    <message>
        <source>job {job_id} was cancelled, deleted or carried on elsewhere meanwhile</source>
        <translation>任务 {job_id} 在此期间已被取消、删除，或由别处继续</translation>
    </message>
    <message>
        <source>{path} is not a whole path, from the top of a disk</source>
        <translation>{path} 不是从磁盘顶层开始的完整路径</translation>
    </message>
    <message>
        <source>the library could not be written: {reason}</source>
        <translation>无法写入图库：{reason}</translation>
    </message>
    <message>
        <source>the library could not be read: {reason}</source>
        <translation>无法读取图库：{reason}</translation>
    </message>
    <message>
        <source>cannot open the library at {path}: {reason}</source>
        <translation>无法打开位于 {path} 的图库：{reason}</translation>
    </message>
    <message>
        <source>the library {path} cannot be changed: the file, or its -wal or -shm file beside it, is read-only or another user&apos;s</source>
        <translation>无法更改图库 {path}：该文件或它旁边的 -wal、-shm 文件是只读的，或属于另一个用户</translation>
    </message>
    <message>
        <source>the library {path} is damaged, and cannot be moved aside to start a new one: {reason}</source>
        <translation>图库 {path} 已损坏，且无法将其移开以新建图库：{reason}</translation>
    </message>
    <message>
        <source>cannot write the backup {path}: {reason}</source>
        <translation>无法写入备份 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot create the library at {path}: {reason}</source>
        <translation>无法在 {path} 创建图库：{reason}</translation>
    </message>
    <message>
        <source>The {what} is not a valid URL.</source>
        <translation>{what}不是有效的网址。</translation>
    </message>
    <message>
        <source>The {what} must use https (plain http only to this computer), not “{scheme}” to {host}.</source>
        <translation>{what}必须使用 https（仅连接本机时可用普通 http），而不是以“{scheme}”连接 {host}。</translation>
    </message>
    <message>
        <source>The {what} must not have a query or fragment.</source>
        <translation>{what}不能包含查询参数或片段。</translation>
    </message>
    <message>
        <source>The KIE API key is empty.</source>
        <translation>KIE API 密钥为空。</translation>
    </message>
    <message>
        <source>The KIE API key contains characters that cannot be sent.</source>
        <translation>KIE API 密钥包含无法发送的字符。</translation>
    </message>
    <message>
        <source>The KIE API key is too short: check that all of it was pasted.</source>
        <translation>KIE API 密钥太短：请检查是否完整粘贴。</translation>
    </message>
    <message>
        <source>KIE API URL</source>
        <translation>KIE API 网址</translation>
    </message>
    <message>
        <source>KIE upload URL</source>
        <translation>KIE 上传网址</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not valid at this computer&apos;s date and time</source>
        <translation>按这台电脑的日期和时间，服务器的证书无效</translation>
    </message>
    <message>
        <source>result URL</source>
        <translation>结果网址</translation>
    </message>
    <message>
        <source>The {what} has no host: it must be a full address starting with https://.</source>
        <translation>{what}没有主机名：必须是以 https:// 开头的完整地址。</translation>
    </message>
    <message>
        <source>KIE API URL (set by KONTEXT_STUDIO_KIE_URL)</source>
        <translation>KIE API 网址（由 KONTEXT_STUDIO_KIE_URL 设置）</translation>
    </message>
    <message>
        <source>KIE upload URL (set by KONTEXT_STUDIO_KIE_UPLOAD_URL)</source>
        <translation>KIE 上传网址（由 KONTEXT_STUDIO_KIE_UPLOAD_URL 设置）</translation>
    </message>
    <message>
        <source>The KIE API key is longer than {limit} characters, far longer than any key: give the key alone.</source>
        <translation>KIE API 密钥超过 {limit} 个字符，远比任何密钥都长：请只提供密钥本身。</translation>
    </message>
    <message>
        <source>The KIE API key starts with the name of a variable (NAME= or export NAME=): give the key alone, without it.</source>
        <translation>KIE API 密钥以变量名开头（NAME= 或 export NAME=）：请去掉它，只提供密钥本身。</translation>
    </message>
    <message>
        <source>The KIE API key is in quotes: paste it without them.</source>
        <translation>KIE API 密钥带有引号：请去掉引号后再粘贴。</translation>
    </message>
    <message>
        <source>reference image URL</source>
        <translation>参考图网址</translation>
    </message>
    <message>
        <source>sending the job</source>
        <translation>发送任务</translation>
    </message>
    <message>
        <source>checking on the job</source>
        <translation>查询任务进度</translation>
    </message>
    <message>
        <source>checking the balance</source>
        <translation>查询积分余额</translation>
    </message>
    <message>
        <source>asking for a new link to the picture</source>
        <translation>获取图片的新链接</translation>
    </message>
    <message>
        <source>uploading the reference image</source>
        <translation>上传参考图</translation>
    </message>
    <message>
        <source>downloading the picture</source>
        <translation>下载图片</translation>
    </message>
    <message>
        <source>{step}: {reason}</source>
        <translation>{step}时：{reason}</translation>
    </message>
    <message>
        <source>the app had already closed its connection</source>
        <translation>应用已关闭了连接</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>what came back was too large</source>
        <translation>返回的内容太大</translation>
    </message>
    <message>
        <source>the certificates could not be read</source>
        <translation>无法读取证书</translation>
    </message>
    <message>
        <source>{step}: the {what} cannot be used; it is set by {setting}</source>
        <translation>{step}：{what}无法使用；它由 {setting} 设置</translation>
    </message>
    <message>
        <source>connecting timed out</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>no network, or the server refused the connection</source>
        <translation>没有网络，或服务器拒绝了连接</translation>
    </message>
    <message>
        <source>the proxy did not let the connection through</source>
        <translation>代理服务器没有放行这个连接</translation>
    </message>
    <message>
        <source>the server&apos;s name could not be looked up: no network, or a wrong address</source>
        <translation>无法查到服务器的名称：没有网络，或地址有误</translation>
    </message>
    <message>
        <source>the name of the server holding the picture could not be looked up: no network, or KIE&apos;s link names a server that is not there</source>
        <translation>无法查到存放图片的服务器的名称：没有网络，或 KIE 给的链接指向一个不存在的服务器</translation>
    </message>
    <message>
        <source>the server refused the connection</source>
        <translation>服务器拒绝了连接</translation>
    </message>
    <message>
        <source>the server&apos;s certificate could not be verified (a network that inspects secure connections can cause this)</source>
        <translation>无法验证服务器的证书（检查安全连接的网络可能导致这种情况）</translation>
    </message>
    <message>
        <source>the server holding the picture asks to wait</source>
        <translation>存放图片的服务器要求稍后再试</translation>
    </message>
    <message>
        <source>the server holding the picture had a problem</source>
        <translation>存放图片的服务器出了问题</translation>
    </message>
    <message>
        <source>the server holding the picture refused to send it</source>
        <translation>存放图片的服务器拒绝提供图片</translation>
    </message>
    <message>
        <source>the link KIE gave to the picture is not an https address</source>
        <translation>KIE 给出的图片链接不是 https 地址</translation>
    </message>
    <message>
        <source>The reference image {name} cannot be opened.</source>
        <translation>无法打开参考图 {name}。</translation>
    </message>
    <message>
        <source>The reference image {name} could not be read while it was being sent.</source>
        <translation>发送参考图 {name} 时无法读取它。</translation>
    </message>
    <message>
        <source>The reference image {name} changed while it was being sent.</source>
        <translation>参考图 {name} 在发送时被更改了。</translation>
    </message>
    <message>
        <source>no connection: no network, or the server refused it</source>
        <translation>无法连接：没有网络，或服务器拒绝了连接</translation>
    </message>
    <message>
        <source>the answer timed out</source>
        <translation>等待回应超时</translation>
    </message>
    <message>
        <source>sending timed out</source>
        <translation>发送超时</translation>
    </message>
    <message>
        <source>too many requests waiting</source>
        <translation>等待中的请求过多</translation>
    </message>
    <message>
        <source>the server cut the connection</source>
        <translation>服务器断开了连接</translation>
    </message>
    <message>
        <source>the connection broke</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>Provenance can be embedded in PNG and JPEG files only.</source>
        <translation>只能在 PNG 和 JPEG 文件中嵌入来源信息。</translation>
    </message>
    <message>
        <source>The PNG file is damaged, so its provenance cannot be written.</source>
        <translation>PNG 文件已损坏，无法写入来源信息。</translation>
    </message>
    <message>
        <source>The JPEG file is damaged, so its provenance cannot be written.</source>
        <translation>JPEG 文件已损坏，无法写入来源信息。</translation>
    </message>
    <message>
        <source>The prompt is too long to embed in a JPEG file.</source>
        <translation>提示词太长，无法嵌入 JPEG 文件。</translation>
    </message>
    <message>
        <source>No system keyring is available.</source>
        <translation>没有可用的系统密钥环。</translation>
    </message>
    <message>
        <source>The system keyring is locked.</source>
        <translation>系统密钥环已锁定。</translation>
    </message>
    <message>
        <source>The system keyring does not answer.</source>
        <translation>系统密钥环没有响应。</translation>
    </message>
    <message>
        <source>Try again; if the keyring still does not answer, restart its service (or log out and back in). Or set the key in the KIE_API_KEY environment variable instead.</source>
        <translation>请重试；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。也可以改为在环境变量 KIE_API_KEY 中设置密钥。</translation>
    </message>
    <message>
        <source>{state} The keyring says: “{reason}”</source>
        <translation>{state}密钥环的原话：“{reason}”</translation>
    </message>
    <message>
        <source>The system keyring refused it (locked, or its unlock prompt was dismissed).</source>
        <translation>系统密钥环拒绝了它（已锁定，或解锁提示被关闭）。</translation>
    </message>
    <message>
        <source>The system keyring could not be read.</source>
        <translation>无法读取系统密钥环。</translation>
    </message>
    <message>
        <source>The keyring refused to remove it: the KIE API key&apos;s damaged entry is still there.</source>
        <translation>密钥环拒绝删除它：KIE API 密钥的已损坏条目仍在其中。</translation>
    </message>
    <message>
        <source>The keyring refused to remove it: the R2 secret access key&apos;s damaged entry is still there.</source>
        <translation>密钥环拒绝删除它：R2 秘密访问密钥的已损坏条目仍在其中。</translation>
    </message>
    <message>
        <source>Remove the entry “{entry}” of “{service}” in the keyring&apos;s own program (such as Passwords and Keys, KWallet Manager, Keychain Access or Credential Manager).</source>
        <translation>请在密钥环自己的程序（如“密码和密钥”、KWallet 管理器、“钥匙串访问”或“凭据管理器”）中删除“{service}”的条目“{entry}”。</translation>
    </message>
    <message>
        <source>It is locked, or its unlock prompt was dismissed: the key it may hold cannot be read.</source>
        <translation>它已锁定，或其解锁提示被关闭了：无法读取其中可能保存的密钥。</translation>
    </message>
    <message>
        <source>It does not answer: the key it may hold cannot be read.</source>
        <translation>它没有应答：无法读取其中可能保存的密钥。</translation>
    </message>
    <message>
        <source>The system keyring is locked, or its unlock prompt was dismissed: the R2 secret it may hold cannot be read.</source>
        <translation>系统密钥环已锁定，或其解锁提示被关闭了：无法读取其中可能保存的 R2 秘密访问密钥。</translation>
    </message>
    <message>
        <source>The system keyring does not answer: the R2 secret it may hold cannot be read.</source>
        <translation>系统密钥环没有应答：无法读取其中可能保存的 R2 秘密访问密钥。</translation>
    </message>
    <message>
        <source>The KIE API key stored there cannot be read.</source>
        <translation>其中保存的 KIE API 密钥无法读取。</translation>
    </message>
    <message>
        <source>Store the key again, in Settings or with `kontext-studio key set`: it replaces the damaged entry.</source>
        <translation>请重新保存密钥（在“设置”中，或用 `kontext-studio key set`）：它会替换已损坏的条目。</translation>
    </message>
    <message>
        <source>The system keyring holds a damaged entry: the R2 secret access key stored there cannot be read.</source>
        <translation>系统密钥环中有一个已损坏的条目：其中保存的 R2 秘密访问密钥无法读取。</translation>
    </message>
    <message>
        <source>Enter the secret access key again in {publishing_settings}: it replaces the damaged entry.</source>
        <translation>请在“{publishing_settings}”中重新输入秘密访问密钥：它会替换已损坏的条目。</translation>
    </message>
    <message>
        <source>the library was written by a newer Kontext Studio (schema {found} &gt; {ours}); update the app to open it</source>
        <translation>该图库由更新版本的 Kontext Studio 写入（架构 {found} &gt; {ours}）；请更新应用后再打开</translation>
    </message>
    <message>
        <source>the settings could not be saved: {reason}</source>
        <translation>无法保存设置：{reason}</translation>
    </message>
    <message>
        <source>cannot save {target}: a folder has that name</source>
        <translation>无法保存 {target}：已有同名文件夹</translation>
    </message>
    <message>
        <source>cannot save {target}: {reason}</source>
        <translation>无法保存 {target}：{reason}</translation>
    </message>
    <message>
        <source>KIE’s answer could not be read</source>
        <translation>无法读取 KIE 的回复</translation>
    </message>
    <message>
        <source>KIE’s server had a problem answering</source>
        <translation>KIE 的服务器在回复时出了问题</translation>
    </message>
    <message>
        <source>KIE turned the request away</source>
        <translation>KIE 拒绝了该请求</translation>
    </message>
    <message>
        <source>KIE took the job without saying which task it is</source>
        <translation>KIE 接收了任务，但没有告知是哪个任务</translation>
    </message>
    <message>
        <source>Switch the R2 settings back to that bucket to unpublish it: with the settings as they are, nothing would be removed, and it would stay published there with no record of it. If that bucket can no longer be reached, forget the publication instead: nothing is removed.</source>
        <translation>请把 R2 设置改回那个存储桶再取消发布：按现在的设置，什么都不会被移除，它会继续发布在那里，却不再有任何记录。如果那个存储桶已无法访问，请改为忘记这次发布：不会移除任何内容。</translation>
    </message>
    <message>
        <source>To publish it in the new bucket, switch the R2 settings back and unpublish it there first: publishing it now would leave the old copy published with no record of it. If that bucket can no longer be reached, forget the publication, which removes nothing; then publish it.</source>
        <translation>要发布到新的存储桶，请先把 R2 设置改回原来的存储桶，在那里取消发布：现在发布会让旧副本继续发布在那里，却不再有任何记录。如果那个存储桶已无法访问，请忘记这次发布（不会移除任何内容），然后再发布它。</translation>
    </message>
    <message>
        <source>Switch the R2 settings back to that bucket to get its link. If that bucket can no longer be reached, forget the publication, which removes nothing; then publish it again.</source>
        <translation>请把 R2 设置改回那个存储桶，以获取它的链接。如果那个存储桶已无法访问，请忘记这次发布（不会移除任何内容），然后重新发布它。</translation>
    </message>
    <message>
        <source>To publish it in the new bucket, switch the R2 settings back and publish it there first, which removes what was left. If that bucket can no longer be reached, forget what was left, which removes nothing; then publish it.</source>
        <translation>要发布到新的存储桶，请先把 R2 设置改回原来的存储桶，在那里发布一次，这会移除留下的内容。如果那个存储桶已无法访问，请忘记留下的内容（不会移除任何内容），然后再发布它。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so it was not published.</source>
        <translation>“{title}”已被另一个程序删除，因此未发布。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so nothing was removed from the bucket.</source>
        <translation>“{title}”已被另一个程序删除，因此未从存储桶中移除任何内容。</translation>
    </message>
    <message>
        <source>“{title}” was deleted before it was removed from the bucket, so it stays published there.</source>
        <translation>“{title}”在从存储桶中移除之前已被删除，因此它仍发布在那里。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program while it was being removed from the bucket: an earlier version of it was removed, but the one published last stays there.</source>
        <translation>“{title}”在从存储桶中移除时被另一个程序删除：它的较早版本已被移除，但最后发布的版本仍留在存储桶中。</translation>
    </message>
    <message>
        <source>“{title}” was deleted before it was removed from the bucket: an earlier version of it was removed, but the one published last stays there.</source>
        <translation>“{title}”在从存储桶中移除之前已被删除：它的较早版本已被移除，但最后发布的版本仍留在存储桶中。</translation>
    </message>
    <message>
        <source>“{title}” was removed from the bucket or published by another window or command while this publish ran, so this publish was taken back.</source>
        <translation>在此次发布进行期间，“{title}”已被另一个窗口或命令从存储桶中移除或发布，因此此次发布已撤回。</translation>
    </message>
    <message>
        <source>Nothing was sent. Unlock the keyring and run the command again; or set the key in KIE_API_KEY, or add --demo to run it on the demo server (no key, no real credits).</source>
        <translation>没有发送任何内容。请解锁密钥环后再次运行该命令；或在 KIE_API_KEY 中设置密钥，或加上 --demo 在演示服务器上运行（无需密钥，不消耗真实积分）。</translation>
    </message>
    <message>
        <source>Nothing was sent. Store the key again with `kontext-studio key set` (it replaces the damaged entry) and run the command again; or add --demo to run it on the demo server (no key, no real credits).</source>
        <translation>未发送任何内容。请用 `kontext-studio key set` 重新保存密钥（它会替换已损坏的条目），然后再次运行命令；或加上 --demo 在演示服务器上运行（无需密钥，不消耗真实积分）。</translation>
    </message>
    <message>
        <source>Nothing was sent. Run the command again; if the keyring still does not answer, restart its service (or log out and back in). Or set the key in KIE_API_KEY, or add --demo to run it on the demo server (no key, no real credits).</source>
        <translation>没有发送任何内容。请再次运行该命令；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。也可以在 KIE_API_KEY 中设置密钥，或加上 --demo 在演示服务器上运行（无需密钥，不消耗真实积分）。</translation>
    </message>
    <message>
        <source>Shorten the title to {limit} characters (it has {count}).</source>
        <translation>请将标题缩短到 {limit} 个字符以内（当前 {count} 个）。</translation>
    </message>
    <message>
        <source>Shorten the description to {limit} characters (it has {count}).</source>
        <translation>请将描述缩短到 {limit} 个字符以内（当前 {count} 个）。</translation>
    </message>
    <message>
        <source>Shorten the tags to {limit} characters in all (they have {count}).</source>
        <translation>请将标签总长缩短到 {limit} 个字符以内（当前 {count} 个）。</translation>
    </message>
    <message>
        <source>Artwork {id} was deleted meanwhile (in another window or by a command), so its details were not saved.</source>
        <translation>作品 {id} 已在此期间被删除（在另一个窗口中或由命令行删除），因此它的详情没有保存。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so its new title was not saved.</source>
        <translation>“{title}”已被另一个程序删除，新标题未保存。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so its details were not saved.</source>
        <translation>“{title}”已被另一个程序删除，详情未保存。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so it was not retried.</source>
        <translation>“{title}”已被另一个程序删除，未重试。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so it was not resubmitted.</source>
        <translation>“{title}”已被另一个程序删除，未重新提交。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so it was not given the task.</source>
        <translation>“{title}”已被另一个程序删除，因此未填入该任务。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so its image was not downloaded again.</source>
        <translation>“{title}”已被另一个程序删除，其图片未重新下载。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so its star was not changed.</source>
        <translation>“{title}”已被另一个程序删除，收藏状态未更改。</translation>
    </message>
    <message>
        <source>“{title}” is running already: it was retried, resubmitted or resumed meanwhile, perhaps by another window or a command. Wait for it to end; the library shows how it goes.</source>
        <translation>“{title}”已在运行：它在此期间已被重试、重新提交或继续（可能是由另一个窗口或命令）。请等待它结束；图库中可以看到它的进展。</translation>
    </message>
    <message>
        <source>“{title}” has completed meanwhile: there is nothing to send again.</source>
        <translation>“{title}”在此期间已完成：无需再次发送。</translation>
    </message>
    <message>
        <source>“{title}” is being downloaded again already, perhaps by another window or a command. Wait for it to end; the library shows how it goes.</source>
        <translation>“{title}”已在重新下载中（可能是由另一个窗口或命令）。请等待它结束；图库中可以看到它的进展。</translation>
    </message>
    <message>
        <source>“{title}” was not downloaded again: KIE keeps an image for 14 days only, and they are over.</source>
        <translation>“{title}”没有重新下载：KIE 只保留图片 14 天，现在已经过了。</translation>
    </message>
    <message>
        <source>“{title}” was not downloaded again: the demo server keeps an image for 14 days only, and they are over.</source>
        <translation>“{title}”没有重新下载：演示服务器只保留图片 14 天，现在已经过了。</translation>
    </message>
    <message>
        <source>“{title}” was not downloaded again: KIE no longer has this image.</source>
        <translation>“{title}”没有重新下载：KIE 已不再保存这张图片。</translation>
    </message>
    <message>
        <source>“{title}” was not downloaded again: the demo server no longer has this image.</source>
        <translation>“{title}”没有重新下载：演示服务器已不再保存这张图片。</translation>
    </message>
    <message>
        <source>“{title}” was not downloaded again: KIE no longer accepts its link.</source>
        <translation>“{title}”没有重新下载：KIE 已不再接受它的链接。</translation>
    </message>
    <message>
        <source>“{title}” was not downloaded again: the demo server no longer accepts its link.</source>
        <translation>“{title}”没有重新下载：演示服务器已不再接受它的链接。</translation>
    </message>
    <message>
        <source>“{title}” was made in demo mode, by the simulator: it carries on only in demo mode.</source>
        <translation>“{title}”是在演示模式下由模拟器生成的：只能在演示模式下继续。</translation>
    </message>
    <message>
        <source>“{title}” was sent to KIE in live mode: it carries on only in live mode, with your API key.</source>
        <translation>“{title}”是在在线模式下发送给 KIE 的：只能在在线模式下（使用你的 API 密钥）继续。</translation>
    </message>
    <message>
        <source>“{title}” was cancelled, deleted or carried on elsewhere meanwhile</source>
        <translation>“{title}”在此期间已被取消、删除，或由别处继续</translation>
    </message>
    <message>
        <source>“{title}” was kept for a late answer to an earlier send of another job (its Made by row shows which), and its task failed: a retry sends its prompt again as a new job, which is charged.</source>
        <translation>“{title}”保存的是另一个任务（见其“来源”一栏）较早一次发送的迟到回复，而它的任务失败了：重试会将其提示词作为新任务再次发送，并会扣费。</translation>
    </message>
    <message>
        <source>“{title}” was kept for a late answer to an earlier send of another job (its Made by row shows which), and its task failed: a retry sends its prompt to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>“{title}”保存的是另一个任务（见其“来源”一栏）较早一次发送的迟到回复，而它的任务失败了：重试会将其提示词作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>“{title}” has no finished image, so there is nothing to publish.</source>
        <translation>“{title}”没有已完成的图片，没有可发布的内容。</translation>
    </message>
    <message>
        <source>“{title}” has no image file, so there is nothing to publish.</source>
        <translation>“{title}”没有图片文件，没有可发布的内容。</translation>
    </message>
    <message>
        <source>“{title}” is published in the bucket &apos;{bucket}&apos;, but the R2 settings now name the bucket &apos;{current}&apos;.</source>
        <translation>“{title}”发布在存储桶 &apos;{bucket}&apos; 中，但 R2 设置现在指向存储桶 &apos;{current}&apos;。</translation>
    </message>
    <message>
        <source>“{title}” is published in the bucket &apos;{bucket}&apos; at {host}, but the R2 settings now name the bucket &apos;{current}&apos; at {current_host}.</source>
        <translation>“{title}”发布在 {host} 的存储桶 &apos;{bucket}&apos; 中，但 R2 设置现在指向 {current_host} 的存储桶 &apos;{current}&apos;。</translation>
    </message>
    <message>
        <source>A publish of “{title}” to the bucket &apos;{bucket}&apos; at {host} stopped before its end and may have left its image there, but the R2 settings now name the bucket &apos;{current}&apos; at {current_host}.</source>
        <translation>“{title}”发布到 {host} 的存储桶 &apos;{bucket}&apos; 时中途停止，可能在那里留下了它的图片，但 R2 设置现在指向 {current_host} 的存储桶 &apos;{current}&apos;。</translation>
    </message>
    <message>
        <source>“{title}” is published in the bucket &apos;{bucket}&apos; at {host}, and publishing is not set up now.</source>
        <translation>“{title}”发布在 {host} 的存储桶 &apos;{bucket}&apos; 中，而现在尚未设置发布。</translation>
    </message>
    <message>
        <source>A publish of “{title}” to the bucket &apos;{bucket}&apos; at {host} stopped before its end and may have left its image there, and publishing is not set up now.</source>
        <translation>“{title}”发布到 {host} 的存储桶 &apos;{bucket}&apos; 时中途停止，可能在那里留下了它的图片，而现在尚未设置发布。</translation>
    </message>
    <message>
        <source>That is not a task ID: copy the task ID alone from the logs of your account on kie.ai, without spaces or a link around it.</source>
        <translation>这不是任务 ID：请只从你在 kie.ai 的账户日志中复制任务 ID 本身，不要带空格或链接。</translation>
    </message>
    <message>
        <source>Only a job whose outcome is unknown can be given a task ID; this one&apos;s outcome is known.</source>
        <translation>只有结果未知的任务才能填入任务 ID；这个任务的结果是已知的。</translation>
    </message>
    <message>
        <source>KIE has no task “{task_id}”: check that it was copied whole from the logs of your account on kie.ai. The job was left as it was.</source>
        <translation>KIE 没有任务 ID 为“{task_id}”的任务：请检查它是否从你在 kie.ai 的账户日志中完整复制。任务保持原样。</translation>
    </message>
    <message>
        <source>The demo server has no task “{task_id}”. The job was left as it was.</source>
        <translation>演示服务器没有任务 ID 为“{task_id}”的任务。任务保持原样。</translation>
    </message>
    <message>
        <source>Task “{task_id}” was made for another prompt, “{prompt}”, not this job&apos;s: it was not taken, and the job was left as it was.</source>
        <translation>KIE 任务“{task_id}”属于另一个提示词“{prompt}”，不是这个任务的：未采用，任务保持原样。</translation>
    </message>
    <message>
        <source>KIE did not say which prompt task “{task_id}” was made for, so it cannot be told to be this job&apos;s: it was not taken, and the job was left as it was.</source>
        <translation>KIE 没有说明 KIE 任务“{task_id}”属于哪个提示词，无法确认它属于这个任务：未采用，任务保持原样。</translation>
    </message>
    <message>
        <source>Task “{task_id}” has this job&apos;s prompt but was made with another setting ({setting}): it was not taken, and the job was left as it was.</source>
        <translation>KIE 任务“{task_id}”与这个任务的提示词相同，但设置不同（{setting}）：未采用，任务保持原样。</translation>
    </message>
    <message>
        <source>aspect ratio {theirs}, not {ours}</source>
        <translation>宽高比为 {theirs}，而不是 {ours}</translation>
    </message>
    <message>
        <source>model {theirs}, not {ours}</source>
        <translation>模型为 {theirs}，而不是 {ours}</translation>
    </message>
    <message>
        <source>an edit of a reference image, not a new image</source>
        <translation>是对参考图的编辑，而不是新图片</translation>
    </message>
    <message>
        <source>another job&apos;s reference image</source>
        <translation>另一个任务的参考图</translation>
    </message>
    <message>
        <source>Task “{task_id}” is already in the library, as the task of “{title}”: one task makes one artwork, so it was not taken again.</source>
        <translation>KIE 任务“{task_id}”已在图库中，属于“{title}”：一个 KIE 任务只对应一件作品，因此不会再次采用。</translation>
    </message>
    <message>
        <source>Task “{task_id}” is already kept in your library as “{title}”, from an earlier send of this job: one task makes one artwork, so it was not taken again.</source>
        <translation>KIE 任务“{task_id}”已作为“{title}”保存在你的图库中，来自这个任务较早的一次发送：一个 KIE 任务只对应一件作品，因此不会再次采用。</translation>
    </message>
    <message>
        <source>The image of task “{task_id}” is already kept in your library as “{title}”, from an earlier send of this job: one task makes one artwork, so it was not taken again.</source>
        <translation>KIE 任务“{task_id}”的图片已作为“{title}”保存在你的图库中，来自这个任务较早的一次发送：一个 KIE 任务只对应一件作品，因此不会再次采用。</translation>
    </message>
    <message>
        <source>Task “{task_id}” was the task of “{title}”, which was deleted from the library on {when}: one task makes one artwork, so it was not taken again.</source>
        <translation>KIE 任务“{task_id}”属于“{title}”，该作品已于 {when} 从图库中删除：一个 KIE 任务只对应一件作品，因此不会再次采用。</translation>
    </message>
    <message>
        <source>the reference&apos;s own</source>
        <translation>参考图自身的宽高比</translation>
    </message>
    <message>
        <source>“{title}” has completed meanwhile: it needs no task ID.</source>
        <translation>“{title}”在此期间已完成：无需任务 ID。</translation>
    </message>
    <message>
        <source>{name} changed while it was being made ready for sending, so nothing was sent: another program may still be saving it. Try again once it is saved.</source>
        <translation>{name} 在准备发送的过程中被修改，因此未发送任何内容：可能另一个程序仍在保存它。保存完成后请重试。</translation>
    </message>
    <message>
        <source>the pasted image could not be made into {name}</source>
        <translation>无法将粘贴的图片存为 {name}</translation>
    </message>
    <message>
        <source>{count} files, and at most {limit} are added at once</source>
        <translation>共 {count} 个文件，一次最多添加 {limit} 个</translation>
    </message>
    <message>
        <source>None of them were listed: add them in groups of up to {limit}.</source>
        <translation>它们都未加入列表：请分批添加，每批最多 {limit} 个。</translation>
    </message>
    <message>
        <source>“{name}” holds no JPEG, PNG or WebP file</source>
        <translation>“{name}”中没有 JPEG、PNG 或 WebP 文件</translation>
    </message>
    <message>
        <source>“{name}” cannot be opened</source>
        <translation>无法打开“{name}”</translation>
    </message>
    <message>
        <source>“{name}” holds more than {limit} images: at most {limit} are added at once</source>
        <translation>“{name}”中的图片超过 {limit} 张：一次最多添加 {limit} 张</translation>
    </message>
    <message>
        <source>“{name}” holds over {limit} files and folders</source>
        <translation>“{name}”中的文件和文件夹超过 {limit} 个</translation>
    </message>
    <message>
        <source>“{name}” was left out: with the folders before it, this drop would bring more than {limit} images</source>
        <translation>“{name}”未添加：加上前面的文件夹，这次添加的图片会超过 {limit} 张</translation>
    </message>
    <message>
        <source>“{title}” was deleted meanwhile (in another window or by a command), so this cannot be undone or redone.</source>
        <translation>“{title}”已在此期间被删除（在另一个窗口中或通过命令），因此无法撤销或重做。</translation>
    </message>
    <message>
        <source>Another file is now where the image of “{title}” was, so its Delete cannot be undone: move that file away, then undo again.</source>
        <translation>“{title}”的图片原来的位置现在有另一个文件，因此无法撤销此次删除：请先移走该文件，然后再次撤销。</translation>
    </message>
    <message>
        <source>The image of “{title}” could not be put back in the library folder, so the Delete was not undone.</source>
        <translation>无法将“{title}”的图片放回图库文件夹，因此未撤销此次删除。</translation>
    </message>
    <message>
        <source>A file is now where the image of “{title}” was, and the copy Kontext Studio kept to undo its Delete is gone, so it cannot tell whether that file is the image: move that file away, then undo again.</source>
        <translation>“{title}”的图片原来的位置现在有一个文件，而 Kontext Studio 为撤销此次删除保留的副本已不在，因此无法判断该文件是否就是这张图片：请先移走该文件，然后再次撤销。</translation>
    </message>
    <message>
        <source>“{title}” was changed meanwhile (in another window or by a command), so this cannot be undone or redone: that change is kept.</source>
        <translation>“{title}”已在此期间被更改（在另一个窗口中或通过命令），因此无法撤销或重做：该更改将保留。</translation>
    </message>
    <message>
        <source>The library is being upgraded by another Kontext Studio; waiting for it to finish…</source>
        <translation>图库正由另一个 Kontext Studio 升级；正在等待它完成…</translation>
    </message>
    <message>
        <source>the library {path} is being upgraded by another Kontext Studio, which has not finished in {minutes} minutes</source>
        <translation>图库 {path} 正由另一个 Kontext Studio 升级，它在 {minutes} 分钟内仍未完成</translation>
    </message>
</context>
<context>
    <name>FullView</name>
    <message>
        <source>★ Starred</source>
        <translation>★ 已收藏</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>已收藏</translation>
    </message>
    <message>
        <source>{keys} selects artworks in the library: {back} goes back to it.</source>
        <translation>{keys} 用于在图库中全选作品：按 {back} 返回图库。</translation>
    </message>
    <message>
        <source>{0} / {1}+</source>
        <translation>{0} / {1}+</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>{0} × {1} px</source>
        <translation>{0} × {1} 像素</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <source>{keys}: back</source>
        <translation>{keys}：返回</translation>
    </message>
    <message>
        <source>{keys}: other artworks</source>
        <translation>{keys}：其他作品</translation>
    </message>
    <message>
        <source>{keys}: scroll</source>
        <translation>{keys}：滚动图片</translation>
    </message>
    <message>
        <source>{keys}: delete</source>
        <translation>{keys}：删除</translation>
    </message>
    <message>
        <source>{keys}: star</source>
        <translation>{keys}：收藏</translation>
    </message>
    <message>
        <source>{keys}: rename</source>
        <translation>{keys}：重命名</translation>
    </message>
    <message>
        <source>{keys}: details</source>
        <translation>{keys}：详情</translation>
    </message>
    <message>
        <source>{keys}: save as</source>
        <translation>{keys}：另存为</translation>
    </message>
    <message>
        <source>{keys}: publish</source>
        <translation>{keys}：发布</translation>
    </message>
    <message>
        <source>{keys}: before and after</source>
        <translation>{keys}：前后对比</translation>
    </message>
    <message>
        <source>{keys}: slider</source>
        <translation>{keys}：移动对比滑块</translation>
    </message>
    <message>
        <source>{keys}: all actions</source>
        <translation>{keys}：全部操作</translation>
    </message>
</context>
<context>
    <name>GenerateTab</name>
    <message>
        <source>Describe the image, e.g. &apos;a red fox at dawn, watercolor&apos;. With a reference: say what to change.</source>
        <translation>描述图片，例如“黎明时分的一只红狐狸，水彩风格”。有参考图时：说明要改什么。</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>Keep the reference image&apos;s shape</source>
        <translation>保持参考图的宽高比</translation>
    </message>
    <message>
        <source>Aspect ratio: match the reference image</source>
        <translation>宽高比：与参考图一致</translation>
    </message>
    <message>
        <source>Aspect ratio {ratio}</source>
        <translation>宽高比 {ratio}</translation>
    </message>
    <message>
        <source>Flux Kontext Pro</source>
        <translation>Flux Kontext Pro</translation>
    </message>
    <message>
        <source>Flux Kontext Max</source>
        <translation>Flux Kontext Max</translation>
    </message>
    <message>
        <source>How many images to make from the same settings</source>
        <translation>用相同设置生成几张图片</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级选项</translation>
    </message>
    <message>
        <source>Generate ({keys})</source>
        <translation>生成（{keys}）</translation>
    </message>
    <message>
        <source>In live mode KIE translates non-English prompts first; the demo server takes the prompt as it is</source>
        <translation>在线模式下，KIE 会先翻译非英文提示词；演示服务器按原样使用提示词</translation>
    </message>
    <message>
        <source>KIE translates non-English prompts first</source>
        <translation>KIE 会先翻译非英文提示词</translation>
    </message>
    <message>
        <source>Let the model expand a short prompt with detail</source>
        <translation>让模型为简短的提示词补充细节</translation>
    </message>
    <message>
        <source>Leave empty to send none</source>
        <translation>留空则不发送</translation>
    </message>
    <message>
        <source>Sent to KIE with each job as its watermark identifier. Leave it empty to send none.</source>
        <translation>作为水印标识随每个任务发送给 KIE。留空则不发送。</translation>
    </message>
    <message>
        <source>The demo server adds no watermark.</source>
        <translation>演示服务器不会添加水印。</translation>
    </message>
    <message>
        <source>Safety tolerance</source>
        <translation>安全容忍度</translation>
    </message>
    <message>
        <source>Safety &amp;tolerance</source>
        <translation>安全容忍度(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Output format</source>
        <translation>输出格式(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Watermark</source>
        <translation>水印(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>图片数量(&amp;I)</translation>
    </message>
    <message>
        <source>Your work is not cleared: it comes back at the next start.</source>
        <translation>你的内容未能清除：下次启动时仍会恢复。</translation>
    </message>
    <message>
        <source>The work saved before could not be removed.</source>
        <translation>之前保存的内容无法删除。</translation>
    </message>
    <message>
        <source>Your work is not saved for the next start: its file cannot be written to.</source>
        <translation>你的内容未保存，下次启动时无法恢复：其文件无法写入。</translation>
    </message>
    <message>
        <source>Slow disk: the job is not saved yet…</source>
        <translation>磁盘缓慢：任务尚未保存…</translation>
    </message>
    <message>
        <source>Slow disk: the {n} jobs are not saved yet…</source>
        <translation>磁盘缓慢：{n} 个任务尚未保存…</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Wait a moment: the reference image is being checked.</source>
        <translation>请稍候：正在检查参考图。</translation>
    </message>
    <message>
        <source>Replace or clear the reference image: it cannot be used.</source>
        <translation>请替换或清除参考图：这张图无法使用。</translation>
    </message>
    <message>
        <source>Type a prompt to generate.</source>
        <translation>输入提示词即可生成。</translation>
    </message>
    <message>
        <source>Shorten the prompt to {limit} characters (it has {count}).</source>
        <translation>请将提示词缩短到 {limit} 个字符以内（当前 {count} 个）。</translation>
    </message>
    <message>
        <source>0 strict … {top} permissive</source>
        <translation>0 最严格 … {top} 最宽松</translation>
    </message>
    <message>
        <source>Pro: fast and affordable, right for most images.</source>
        <translation>Pro：速度快、价格实惠，适合大多数图片。</translation>
    </message>
    <message>
        <source>Max: best quality and typography, slower and costs more.</source>
        <translation>Max：画质和文字排版最佳，但更慢、更贵。</translation>
    </message>
    <message>
        <source>&amp;Generate {n} images</source>
        <translation>生成 {n} 张图片(&amp;G)</translation>
    </message>
    <message>
        <source>Already on their way: change something for more.</source>
        <translation>已在生成中：更改任一设置即可再生成。</translation>
    </message>
    <message>
        <source>Tra&amp;nslate the prompt to English</source>
        <translation>将提示词翻译成英文(&amp;N)</translation>
    </message>
    <message>
        <source>Enhance the prompt (&amp;upsampling)</source>
        <translation>增强提示词（扩写）(&amp;U)</translation>
    </message>
    <message>
        <source>Your work is not saved for the next start: the disk is full.</source>
        <translation>你的内容未保存，下次启动时无法恢复：磁盘已满。</translation>
    </message>
    <message>
        <source>Your work is not saved for the next start: its folder cannot be written to.</source>
        <translation>你的内容未保存，下次启动时无法恢复：其文件夹无法写入。</translation>
    </message>
    <message>
        <source>Your work could not be saved for the next start.</source>
        <translation>你的内容未能保存，下次启动时无法恢复。</translation>
    </message>
    <message>
        <source>No edit: the reference image was refused</source>
        <translation>无法编辑：参考图不可用</translation>
    </message>
    <message>
        <source>Edit mode: describe the change</source>
        <translation>编辑模式：描述要做的修改</translation>
    </message>
    <message>
        <source>New image: describe what to make</source>
        <translation>新图片：描述想要生成的内容</translation>
    </message>
    <message>
        <source>&amp;Generating…</source>
        <translation>正在生成(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Generating {n} images…</source>
        <translation>正在生成 {n} 张图片(&amp;G)…</translation>
    </message>
    <message>
        <source>Preparing the reference image for the job…</source>
        <translation>正在为任务准备参考图…</translation>
    </message>
    <message>
        <source>Preparing the reference image for {n} jobs…</source>
        <translation>正在为 {n} 个任务准备参考图…</translation>
    </message>
    <message>
        <source>Adding the job to the library…</source>
        <translation>正在将任务加入图库…</translation>
    </message>
    <message>
        <source>Adding {n} jobs to the library…</source>
        <translation>正在将 {n} 个任务加入图库…</translation>
    </message>
    <message>
        <source>{keys} generates from anywhere.</source>
        <translation>在任意位置按 {keys} 即可生成。</translation>
    </message>
    <message>
        <source>{count}: too long by {over}</source>
        <translation>{count}：超出 {over} 个字符</translation>
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>JobActions</name>
    <message>
        <source>Save artwork as</source>
        <translation>作品另存为</translation>
    </message>
    <message>
        <source>Images (*.{0})</source>
        <translation>图片 (*.{0})</translation>
    </message>
    <message>
        <source>{name} already exists in {folder}. Replace it?</source>
        <translation>{folder} 中已有 {name}。要替换它吗？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>Use as reference</source>
        <translation>用作参考图</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>The artwork alone, as large as the screen (Esc to come back)</source>
        <translation>单独显示作品，尽可能铺满屏幕（按 Esc 返回）</translation>
    </message>
    <message>
        <source>Stop tracking this job (KIE may still finish and charge it)</source>
        <translation>停止跟踪此任务（KIE 仍可能完成并扣费）</translation>
    </message>
    <message>
        <source>Send again a job KIE may or may not have made; it may be charged twice if it did</source>
        <translation>再次发送 KIE 可能已创建、也可能未创建的任务；如果已创建，可能会重复扣费</translation>
    </message>
    <message>
        <source>Give this job the task ID found in the logs of your account on kie.ai: it follows that task, without being sent or paid for again</source>
        <translation>为此任务填入在你的 kie.ai 账户日志中找到的任务 ID：它将跟踪该任务，不会再次发送或重复扣费</translation>
    </message>
    <message>
        <source>Edit this image: load it as the reference</source>
        <translation>编辑这张图片：将其载入为参考图</translation>
    </message>
    <message>
        <source>Load this job&apos;s prompt and options into Generate</source>
        <translation>将此任务的提示词和选项载入“生成”页</translation>
    </message>
    <message>
        <source>Change this artwork&apos;s title, description and tags</source>
        <translation>更改此作品的标题、描述和标签</translation>
    </message>
    <message>
        <source>Upload this artwork to your R2 bucket</source>
        <translation>将这件作品上传到你的 R2 存储桶</translation>
    </message>
    <message>
        <source>Copy the artwork&apos;s public link</source>
        <translation>复制作品的公开链接</translation>
    </message>
    <message>
        <source>Remove this artwork from your R2 bucket</source>
        <translation>从你的 R2 存储桶中移除这件作品</translation>
    </message>
    <message>
        <source>Stop tracking this job (the demo server may still finish it; a demo job uses no real credits)</source>
        <translation>停止跟踪此任务（演示服务器仍可能完成它；演示任务不消耗真实积分）</translation>
    </message>
    <message>
        <source>Send again a job the demo server may or may not have made; a demo job uses no real credits, at worst the image is made twice</source>
        <translation>再次发送演示服务器可能已生成、也可能未生成的任务；演示任务不消耗真实积分，最多只是把图片生成两次</translation>
    </message>
    <message>
        <source>Give this job the demo server&apos;s task ID: it follows that task, without being sent again</source>
        <translation>为此任务填入演示服务器的任务 ID：它将跟踪该任务，不会再次发送</translation>
    </message>
    <message>
        <source>Add tags to every selected artwork; each keeps its own tags and title</source>
        <translation>为每件选中的作品添加标签；各自的标签和标题保持不变</translation>
    </message>
    <message>
        <source>Take the star off the selected artworks</source>
        <translation>取消收藏选中的作品</translation>
    </message>
    <message>
        <source>Star the selected artworks to find them with ★ Starred</source>
        <translation>收藏选中的作品，之后可用“★ 已收藏”找到它们</translation>
    </message>
    <message>
        <source>Stop tracking the selected jobs still running (KIE may still finish and charge them)</source>
        <translation>停止跟踪所选的仍在运行的任务（KIE 仍可能完成并扣费）</translation>
    </message>
    <message>
        <source>Remove the selected jobs and their images from the library, after asking</source>
        <translation>从图库中删除选中的任务及其图片（会先询问）</translation>
    </message>
    <message>
        <source>Publish 1 artwork</source>
        <translation>发布 1 件作品</translation>
    </message>
    <message>
        <source>Publish {count} artworks</source>
        <translation>发布 {count} 件作品</translation>
    </message>
    <message>
        <source>Upload the selected artworks not published yet to your R2 bucket</source>
        <translation>将选中作品中尚未发布的上传到你的 R2 存储桶</translation>
    </message>
    <message>
        <source>Try again the selected jobs that failed, timed out or were cancelled; those that need Resubmit or would be sent anew and charged are left as they are</source>
        <translation>重试所选任务中失败、超时或已取消的任务；需要重新提交的任务，或会作为新任务发送并扣费的任务，保持原样</translation>
    </message>
    <message>
        <source>Send again the selected jobs whose outcome is unknown, after one question; each may be charged twice if KIE made it</source>
        <translation>询问一次后，再次发送所选的结果未知的任务；如果 KIE 已生成，每个都可能被扣费两次</translation>
    </message>
    <message>
        <source>Send again the selected jobs whose outcome is unknown, after one question; a demo job uses no real credits</source>
        <translation>询问一次后，再次发送所选的结果未知的任务；演示任务不消耗真实积分</translation>
    </message>
    <message>
        <source>Stop tracking this job (the demo server has finished it; a demo job uses no real credits)</source>
        <translation>停止跟踪此任务（演示服务器已生成完它；演示任务不消耗真实积分）</translation>
    </message>
    <message>
        <source>Stop tracking this job (KIE has finished it and its credits are spent; Retry fetches it without paying again)</source>
        <translation>停止跟踪此任务（KIE 已生成完它，积分已被扣除；重试会取回图片，不会再次扣费）</translation>
    </message>
    <message>
        <source>&amp;Stop tracking</source>
        <translation>停止跟踪(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keep tracking</source>
        <translation>继续跟踪(&amp;K)</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

The demo server has already finished this image, so the demo balance went down for it (no real credits). Retry fetches the image later without lowering it again.</source>
        <translation>停止跟踪“{0}”？

演示服务器已经生成完这张图片，演示余额已为它减少（不消耗真实积分）。之后重试会取回图片，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

KIE has already finished this image, so its credits are spent: stopping now does not give them back. Retry fetches the image later without paying again (KIE keeps it for 14 days).</source>
        <translation>停止跟踪“{0}”？

KIE 已经生成完这张图片，积分已被扣除：现在停止也不会退回。之后重试会取回图片，不会再次扣费（KIE 保留图片 14 天）。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

It is waiting its turn to be sent to the demo server again, and the demo server has not taken it yet, so the demo balance does not go down.</source>
        <translation>停止跟踪“{0}”？

它正在排队等候再次发送到演示服务器，演示服务器尚未接受它，因此演示余额不会减少。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

It is waiting its turn to be sent to KIE again, and KIE has not taken it yet, so nothing is charged.</source>
        <translation>停止跟踪“{0}”？

它正在排队等候再次发送到 KIE，KIE 尚未接受它，因此不会扣费。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

It is still waiting its turn and was never sent to the demo server, so the demo balance does not go down.</source>
        <translation>停止跟踪“{0}”？

它仍在排队等候，从未发送到演示服务器，因此演示余额不会减少。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

It is still waiting its turn and was never sent to KIE, so nothing is charged.</source>
        <translation>停止跟踪“{0}”？

它仍在排队等候，从未发送到 KIE，因此不会扣费。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

It is waiting its turn to be sent to the demo server again, so stopping it now sends nothing more. An earlier send of it may already have lowered the demo balance (no real credits).</source>
        <translation>停止跟踪“{0}”？

它正在排队等候再次发送到演示服务器，因此现在停止不会再发送。之前的一次发送可能已经减少了演示余额（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

It is waiting its turn to be sent to KIE again, so stopping it now sends nothing more. An earlier send of it may already have reached KIE, and what that cost is not given back.</source>
        <translation>停止跟踪“{0}”？

它正在排队等候再次发送到 KIE，因此现在停止不会再发送。之前的一次发送可能已经到达 KIE，那次的费用不会退还。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

The demo server, like KIE, has no cancel call: if the job already reached it, it may still finish there. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>停止跟踪“{0}”？

演示服务器和 KIE 一样不提供取消接口：如果任务已到达演示服务器，它仍可能在那里完成。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

KIE has no cancel call: if the job already reached KIE it may still finish there, and its credits may still be spent.</source>
        <translation>停止跟踪“{0}”？

KIE 不提供取消接口：如果任务已到达 KIE，它仍可能在那里完成，积分也仍可能被扣除。</translation>
    </message>
    <message>
        <source>Stop tracking {count} running jobs?</source>
        <translation>停止跟踪 {count} 个运行中的任务？</translation>
    </message>
    <message>
        <source>Stop tracking the one running job among the {total} selected? The others are not running and stay as they are.</source>
        <translation>停止跟踪所选 {total} 项中唯一运行中的任务？其余未在运行，保持不变。</translation>
    </message>
    <message>
        <source>Stop tracking the {count} running jobs among the {total} selected? The others are not running and stay as they are.</source>
        <translation>停止跟踪所选 {total} 项中 {count} 个运行中的任务？其余未在运行，保持不变。</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>KIE has no cancel call: those that already reached KIE may still finish there, and their credits may still be spent.</source>
        <translation>KIE 不提供取消接口：已到达 KIE 的任务仍可能在那里完成，积分仍可能被扣除。</translation>
    </message>
    <message>
        <source>KIE has already finished {count} of them, so their credits are spent: stopping now does not give them back. Retry fetches their images later without paying again (KIE keeps them for 14 days).</source>
        <translation>其中 {count} 个 KIE 已生成完毕，积分已被扣除：现在停止也不会退还。之后重试可取回图片，不会再次扣费（KIE 保留 14 天）。</translation>
    </message>
    <message>
        <source>The demo server, like KIE, has no cancel call: demo jobs that reached it may still finish there. Demo jobs use no real credits: only the demo balance goes down.</source>
        <translation>演示服务器与 KIE 一样不提供取消接口：已到达它的演示任务仍可能在那里完成。演示任务不消耗真实积分，只会减少演示余额。</translation>
    </message>
    <message>
        <source>One of them had ended meanwhile: nothing to cancel there.</source>
        <translation>其中 1 个在此期间已结束：无需取消。</translation>
    </message>
    <message>
        <source>{count} of them had ended meanwhile: nothing to cancel there.</source>
        <translation>其中 {count} 个在此期间已结束：无需取消。</translation>
    </message>
    <message>
        <source>The job was deleted meanwhile: there was nothing to cancel.</source>
        <translation>任务在此期间已被删除：没有可取消的内容。</translation>
    </message>
    <message>
        <source>Too late to cancel: the job had already completed.</source>
        <translation>来不及取消：任务已经完成。</translation>
    </message>
    <message>
        <source>Too late to cancel: the job had already failed.</source>
        <translation>来不及取消：任务已经失败。</translation>
    </message>
    <message>
        <source>Too late to cancel: the job had already timed out.</source>
        <translation>来不及取消：任务已经超时。</translation>
    </message>
    <message>
        <source>Too late to cancel: the job had already stopped, its outcome unknown.</source>
        <translation>来不及取消：任务已经停止，结果未知。</translation>
    </message>
    <message>
        <source>The job was cancelled already.</source>
        <translation>任务已经被取消。</translation>
    </message>
    <message>
        <source>Retrying sends “{0}” to the demo server again. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>重试会将“{0}”再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Retrying sends “{0}” to KIE again, charged as any new job.</source>
        <translation>重试会将“{0}”再次发送到 KIE，像任何新任务一样扣费。</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <source>a job deleted since</source>
        <translation>一个之后已被删除的任务</translation>
    </message>
    <message>
        <source>“{title}” was kept for a late answer to an earlier send of {job}, and its task failed: nothing was made.

Retrying sends its prompt to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>“{title}”保存的是{job}较早一次发送的迟到回复，而它的任务失败了：没有生成任何图片。

重试会将其提示词作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>“{title}” was kept for a late answer to an earlier send of {job}, and its task failed: nothing was made.

Retrying sends its prompt to KIE again as a new job, and it is charged.</source>
        <translation>“{title}”保存的是{job}较早一次发送的迟到回复，而它的任务失败了：没有生成任何图片。

重试会将其提示词作为新任务再次发送到 KIE，并会扣费。</translation>
    </message>
    <message>
        <source>An earlier send&apos;s image is already in your library as {titles}.</source>
        <translation>较早一次发送的图片已作为 {titles} 存在于你的图库中。</translation>
    </message>
    <message>
        <source>{count} earlier sends&apos; images are already in your library as {titles}.</source>
        <translation>较早 {count} 次发送的图片已作为 {titles} 存在于你的图库中。</translation>
    </message>
    <message>
        <source>An earlier send is still making an image for this job, as {titles}: you may wait for it instead.</source>
        <translation>较早的一次发送仍在为这个任务生成图片，即 {titles}：你也可以等它完成，而不是再次发送。</translation>
    </message>
    <message>
        <source>{count} earlier sends are still making images for this job, as {titles}: you may wait for them instead.</source>
        <translation>较早的 {count} 次发送仍在为这个任务生成图片，即 {titles}：你也可以等它们完成，而不是再次发送。</translation>
    </message>
    <message>
        <source>“{title}”: waiting for the demo server&apos;s answer to its cancelled send first; then it is carried on.</source>
        <translation>“{title}”：先等待演示服务器对那次已取消发送的回复，然后再继续处理。</translation>
    </message>
    <message>
        <source>“{title}”: waiting for KIE&apos;s answer to its cancelled send first; then it is carried on.</source>
        <translation>“{title}”：先等待 KIE 对那次已取消发送的回复，然后再继续处理。</translation>
    </message>
    <message>
        <source>“{title}” is being resubmitted already: the Resubmit pressed before sends it.</source>
        <translation>“{title}”已在重新提交中：之前按下的重新提交会发送它。</translation>
    </message>
    <message>
        <source>Waiting for the demo server&apos;s answers to the cancelled sends of {count} jobs first; then they are resubmitted.</source>
        <translation>先等待演示服务器对 {count} 个任务那几次已取消发送的回复，然后再重新提交它们。</translation>
    </message>
    <message>
        <source>Waiting for KIE&apos;s answers to the cancelled sends of {count} jobs first; then they are resubmitted.</source>
        <translation>先等待 KIE 对 {count} 个任务那几次已取消发送的回复，然后再重新提交它们。</translation>
    </message>
    <message>
        <source>Nothing to retry: Retry is for jobs that failed, timed out or were cancelled.</source>
        <translation>没有可重试的任务：“重试”用于失败、超时或已取消的任务。</translation>
    </message>
    <message>
        <source>Nothing to retry.</source>
        <translation>没有可重试的任务。</translation>
    </message>
    <message>
        <source>{count} made in live mode</source>
        <translation>{count} 个在在线模式下生成</translation>
    </message>
    <message>
        <source>{count} made in demo mode</source>
        <translation>{count} 个在演示模式下生成</translation>
    </message>
    <message>
        <source>{count} for Resubmit</source>
        <translation>{count} 个需重新提交</translation>
    </message>
    <message>
        <source>{count} to send anew, charged</source>
        <translation>{count} 个需作为新任务发送（扣费）</translation>
    </message>
    <message>
        <source>{count} with an earlier send&apos;s image kept</source>
        <translation>{count} 个已有早先发送的图片保留</translation>
    </message>
    <message>
        <source>{count} refused under the content policy</source>
        <translation>{count} 个因内容政策被拒绝</translation>
    </message>
    <message>
        <source>{count} whose request was not accepted</source>
        <translation>{count} 个请求未被接受</translation>
    </message>
    <message>
        <source>{count} whose image is gone</source>
        <translation>{count} 个图片已不存在</translation>
    </message>
    <message>
        <source>Left as they are: {reasons}.</source>
        <translation>保持原样：{reasons}。</translation>
    </message>
    <message>
        <source>Resubmitting 1 job.</source>
        <translation>正在重新提交 1 个任务。</translation>
    </message>
    <message>
        <source>Resubmitting {count} jobs.</source>
        <translation>正在重新提交 {count} 个任务。</translation>
    </message>
    <message>
        <source>One had changed meanwhile and was not resubmitted.</source>
        <translation>有 1 个任务在此期间有了变化，未重新提交。</translation>
    </message>
    <message>
        <source>{count} had changed meanwhile and were not resubmitted.</source>
        <translation>有 {count} 个任务在此期间有了变化，未重新提交。</translation>
    </message>
    <message>
        <source>{count} jobs were sent to the demo server, which may have made them already.

A demo job uses no real credits: resubmitting sends each of them again, and at worst makes its image twice.</source>
        <translation>{count} 个任务已发送到演示服务器，它可能已经生成了它们。

演示任务不消耗真实积分：重新提交会再次发送每个任务，最多只是把图片生成两次。</translation>
    </message>
    <message>
        <source>An earlier send of one of them made its image, or is making it, kept in your library.</source>
        <translation>其中一个任务的较早发送已生成或正在生成图片，保存在你的图库中。</translation>
    </message>
    <message>
        <source>Earlier sends of {count} of them made their images, or are making them, kept in your library.</source>
        <translation>其中 {count} 个任务的较早发送已生成或正在生成图片，保存在你的图库中。</translation>
    </message>
    <message>
        <source>Resubmit jobs</source>
        <translation>重新提交任务</translation>
    </message>
    <message>
        <source>Starred 1 artwork.</source>
        <translation>已收藏 1 件作品。</translation>
    </message>
    <message>
        <source>Starred {count} artworks.</source>
        <translation>已收藏 {count} 件作品。</translation>
    </message>
    <message>
        <source>Unstarred 1 artwork.</source>
        <translation>已取消收藏 1 件作品。</translation>
    </message>
    <message>
        <source>Unstarred {count} artworks.</source>
        <translation>已取消收藏 {count} 件作品。</translation>
    </message>
    <message>
        <source>“{0}” was sent, and it is not known whether KIE created it: it may already have been created and charged for.

Look for it in the logs of your account on kie.ai first: if it is there, use Enter task ID… instead, which brings its image without paying again. Resubmitting sends it again and may charge you twice.</source>
        <translation>“{0}”已发送，但不知道 KIE 是否已创建：它可能已被创建并扣费。

请先在你的 kie.ai 账户日志中查找它：如果找到了，请改用“输入任务 ID…”，无需再次付费即可取回图片。重新提交会再次发送，可能重复扣费。</translation>
    </message>
    <message>
        <source>“{title}” follows the task you entered.</source>
        <translation>“{title}”现在跟踪你输入的任务。</translation>
    </message>
    <message>
        <source>“{title}” follows the task you entered; nothing is paid again.</source>
        <translation>“{title}”现在跟踪你输入的任务；不会再次付费。</translation>
    </message>
    <message>
        <source>The image file of one of them is already gone from the disk.</source>
        <translation>其中一件的图片文件已经不在磁盘上了。</translation>
    </message>
    <message>
        <source>Their image files are already gone from the disk.</source>
        <translation>它们的图片文件已经不在磁盘上了。</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>titles</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>descriptions</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>star</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>stars</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Moved “{title}” to the Recycle Bin.</source>
        <translation>已将“{title}”移到回收站。</translation>
    </message>
    <message>
        <source>Moved “{title}” to the Trash.</source>
        <comment>macOS</comment>
        <translation>已将“{title}”移到废纸篓。</translation>
    </message>
    <message>
        <source>Moved “{title}” to the Trash.</source>
        <comment>Linux</comment>
        <translation>已将“{title}”移到回收站。</translation>
    </message>
    <message>
        <source>Moved {count} artworks to the Recycle Bin.</source>
        <translation>已将 {count} 件作品移到回收站。</translation>
    </message>
    <message>
        <source>Moved {count} artworks to the Trash.</source>
        <comment>macOS</comment>
        <translation>已将 {count} 件作品移到废纸篓。</translation>
    </message>
    <message>
        <source>Moved {count} artworks to the Trash.</source>
        <comment>Linux</comment>
        <translation>已将 {count} 件作品移到回收站。</translation>
    </message>
    <message>
        <source>{count} jobs were deleted by another program.</source>
        <translation>{count} 个任务已被另一个程序删除。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete {count} artworks</source>
        <translation>删除 {count} 件作品</translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation>已删除“{title}”。</translation>
    </message>
    <message>
        <source>Deleted {count} artworks.</source>
        <translation>已删除 {count} 件作品。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program.</source>
        <translation>“{title}”已被另一个程序删除。</translation>
    </message>
    <message>
        <source>Its image goes to the Recycle Bin.</source>
        <translation>它的图片会移到回收站。</translation>
    </message>
    <message>
        <source>Its image goes to the Trash.</source>
        <comment>macOS</comment>
        <translation>它的图片会移到废纸篓。</translation>
    </message>
    <message>
        <source>Its image goes to the Trash.</source>
        <comment>Linux</comment>
        <translation>它的图片会移到回收站。</translation>
    </message>
    <message>
        <source>It cannot be brought back.</source>
        <translation>删除后无法找回。</translation>
    </message>
    <message>
        <source>They cannot be brought back.</source>
        <translation>删除后无法找回。</translation>
    </message>
    <message>
        <source>Its {details} is deleted.</source>
        <translation>它的{details}会被删除。</translation>
    </message>
    <message>
        <source>Its {details} are deleted.</source>
        <translation>它的{details}会被删除。</translation>
    </message>
    <message>
        <source>Its prompt and settings are deleted.</source>
        <translation>它的提示词和设置会被删除。</translation>
    </message>
    <message>
        <source>Its prompt and settings are deleted, with its {details}.</source>
        <translation>它的提示词和设置会连同{details}一起被删除。</translation>
    </message>
    <message>
        <source>Their prompts and settings are deleted.</source>
        <translation>它们的提示词和设置会被删除。</translation>
    </message>
    <message>
        <source>One of them has no image: its prompt and settings are deleted too.</source>
        <translation>其中 1 个没有图片：它的提示词和设置也会被删除。</translation>
    </message>
    <message>
        <source>{count} of them have no image: their prompts and settings are deleted too.</source>
        <translation>其中 {count} 个没有图片：它们的提示词和设置也会被删除。</translation>
    </message>
    <message>
        <source>One image goes to the Recycle Bin.</source>
        <translation>其中一张图片会移到回收站。</translation>
    </message>
    <message>
        <source>One image goes to the Trash.</source>
        <comment>macOS</comment>
        <translation>其中一张图片会移到废纸篓。</translation>
    </message>
    <message>
        <source>One image goes to the Trash.</source>
        <comment>Linux</comment>
        <translation>其中一张图片会移到回收站。</translation>
    </message>
    <message>
        <source>Their images go to the Recycle Bin.</source>
        <translation>它们的图片会移到回收站。</translation>
    </message>
    <message>
        <source>Their images go to the Trash.</source>
        <comment>macOS</comment>
        <translation>它们的图片会移到废纸篓。</translation>
    </message>
    <message>
        <source>Their images go to the Trash.</source>
        <comment>Linux</comment>
        <translation>它们的图片会移到回收站。</translation>
    </message>
    <message>
        <source>{count} artworks were deleted by another program.</source>
        <translation>{count} 件作品已被另一个程序删除。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo will bring back “{title}” without its image: no copy of it could be kept.</source>
        <translation>编辑 ▸ 撤销将恢复“{title}”，但不含其图片：未能保留它的副本。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo will bring back {count} artworks without their images: no copy of them could be kept.</source>
        <translation>编辑 ▸ 撤销将恢复 {count} 件作品，但不含其图片：未能保留它们的副本。</translation>
    </message>
    <message>
        <source>None of the {chosen} artworks chosen were deleted.</source>
        <translation>所选的 {chosen} 件作品都未被删除。</translation>
    </message>
    <message>
        <source>1 of the {chosen} artworks chosen was not deleted.</source>
        <translation>所选的 {chosen} 件作品中有 1 件未被删除。</translation>
    </message>
    <message>
        <source>{count} of the {chosen} artworks chosen were not deleted.</source>
        <translation>所选的 {chosen} 件作品中有 {count} 件未被删除。</translation>
    </message>
    <message>
        <source>The image of “{0}” was moved to the Recycle Bin, but the artwork could not be removed from the library.</source>
        <translation>“{0}”的图片已移到回收站，但未能将该作品从图库中移除。</translation>
    </message>
    <message>
        <source>The image of “{0}” was moved to the Trash, but the artwork could not be removed from the library.</source>
        <comment>macOS</comment>
        <translation>“{0}”的图片已移到废纸篓，但未能将该作品从图库中移除。</translation>
    </message>
    <message>
        <source>The image of “{0}” was moved to the Trash, but the artwork could not be removed from the library.</source>
        <comment>Linux</comment>
        <translation>“{0}”的图片已移到回收站，但未能将该作品从图库中移除。</translation>
    </message>
    <message>
        <source>Delete it again to finish removing it, or restore its image from the Recycle Bin to keep it.</source>
        <translation>再次删除它以完成移除，或从回收站中还原它的图片以保留它。</translation>
    </message>
    <message>
        <source>Delete it again to finish removing it, or restore its image from the Trash to keep it.</source>
        <comment>macOS</comment>
        <translation>再次删除它以完成移除，或从废纸篓中还原它的图片以保留它。</translation>
    </message>
    <message>
        <source>Delete it again to finish removing it, or restore its image from the Trash to keep it.</source>
        <comment>Linux</comment>
        <translation>再次删除它以完成移除，或从回收站中还原它的图片以保留它。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation>{names}，另有 {count} 件</translation>
    </message>
    <message>
        <source>Vie&amp;w full screen</source>
        <translation>全屏查看(&amp;W)</translation>
    </message>
    <message>
        <source>Use as re&amp;ference</source>
        <translation>用作参考图(&amp;F)</translation>
    </message>
    <message>
        <source>Reuse &amp;settings</source>
        <translation>复用设置(&amp;S)</translation>
    </message>
    <message>
        <source>Sa&amp;ve as…</source>
        <translation>另存为(&amp;V)…</translation>
    </message>
    <message>
        <source>Show in f&amp;older</source>
        <translation>在文件夹中显示(&amp;O)</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation>复制链接(&amp;L)</translation>
    </message>
    <message>
        <source>Un&amp;publish…</source>
        <translation>取消发布(&amp;P)…</translation>
    </message>
    <message>
        <source>No artwork is selected.</source>
        <translation>未选择作品。</translation>
    </message>
    <message>
        <source>Sa&amp;ve 1 image to a folder…</source>
        <translation>将 1 张图片保存到文件夹(&amp;V)…</translation>
    </message>
    <message>
        <source>Sa&amp;ve {count} images to a folder…</source>
        <translation>将 {count} 张图片保存到文件夹(&amp;V)…</translation>
    </message>
    <message>
        <source>Nothing was done.</source>
        <translation>什么也没有做。</translation>
    </message>
    <message>
        <source>The selection changed while the menu was open: nothing was done.</source>
        <translation>菜单打开期间所选内容已改变：什么也没有做。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

The demo server has already taken this job and, like KIE, has no cancel call: it may still finish it. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>停止跟踪“{0}”？

演示服务器已经接下了这个任务，而且和 KIE 一样不提供取消接口：它仍可能完成这个任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Stop tracking “{0}”?

KIE has already taken this job and has no cancel call: it may still finish it, and its credits may still be spent.</source>
        <translation>停止跟踪“{0}”？

KIE 已经接下了这个任务，而且不提供取消接口：它仍可能完成这个任务，积分也仍可能被扣除。</translation>
    </message>
    <message>
        <source>Those it has not taken may have reached it meanwhile, and may still be finished and charged as well.</source>
        <translation>其余尚未被接下的任务可能在此期间已到达 KIE，同样仍可能完成并扣除积分。</translation>
    </message>
    <message>
        <source>Those it has not taken may have reached it meanwhile, and may still be finished as well.</source>
        <translation>其余尚未被接下的任务可能在此期间已到达演示服务器，同样仍可能完成。</translation>
    </message>
    <message>
        <source>The demo server has already taken this job and, like KIE, has no cancel call: it may still finish it. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>演示服务器已经接下了这个任务，而且和 KIE 一样不提供取消接口：它仍可能完成这个任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>The demo server has already taken one of them and, like KIE, has no cancel call: it may still finish it. Demo jobs use no real credits: only the demo balance goes down.</source>
        <translation>演示服务器已经接下了其中一个任务，而且和 KIE 一样不提供取消接口：它仍可能完成这个任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>The demo server has already taken {count} of them and, like KIE, has no cancel call: it may still finish them. Demo jobs use no real credits: only the demo balance goes down.</source>
        <translation>演示服务器已经接下了其中 {count} 个任务，而且和 KIE 一样不提供取消接口：它仍可能完成这些任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>KIE has already taken this job and has no cancel call: it may still finish it, and its credits may still be spent.</source>
        <translation>KIE 已经接下了这个任务，而且不提供取消接口：它仍可能完成这个任务，积分也仍可能被扣除。</translation>
    </message>
    <message>
        <source>KIE has already taken one of them and has no cancel call: it may still finish it, and its credits may still be spent.</source>
        <translation>KIE 已经接下了其中一个任务，而且不提供取消接口：它仍可能完成这个任务，积分也仍可能被扣除。</translation>
    </message>
    <message>
        <source>KIE has already taken {count} of them and has no cancel call: it may still finish them, and their credits may still be spent.</source>
        <translation>KIE 已经接下了其中 {count} 个任务，而且不提供取消接口：它仍可能完成这些任务，积分也仍可能被扣除。</translation>
    </message>
    <message>
        <source>Resubmit, in the menu ({keys}), sends the one whose outcome is unknown again, asking first.</source>
        <translation>菜单（{keys}）中的“重新提交”会先询问，再次发送那个结果未知的任务。</translation>
    </message>
    <message>
        <source>Resubmit, in the menu ({keys}), sends those whose outcome is unknown again, asking first.</source>
        <translation>菜单（{keys}）中的“重新提交”会先询问，再次发送那些结果未知的任务。</translation>
    </message>
    <message>
        <source>Nothing to view full screen yet: the job is still running.</source>
        <translation>还没有可全屏查看的图片：任务仍在进行中。</translation>
    </message>
    <message>
        <source>Nothing to view full screen: this job has no image.</source>
        <translation>没有可全屏查看的图片：此任务没有图片。</translation>
    </message>
    <message>
        <source>Nothing to cancel: Cancel (Esc) is for jobs still running.</source>
        <translation>没有可取消的任务：“取消”（Esc）用于仍在进行中的任务。</translation>
    </message>
    <message>
        <source>Nothing to copy.</source>
        <translation>没有可复制的内容。</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>没有可保存的图片。</translation>
    </message>
    <message>
        <source>Nothing to publish.</source>
        <translation>没有可发布的内容。</translation>
    </message>
    <message>
        <source>This artwork has no prompt.</source>
        <translation>这件作品没有提示词。</translation>
    </message>
    <message>
        <source>The job is still running: its image is not there yet.</source>
        <translation>任务仍在进行中：图片还没有生成。</translation>
    </message>
    <message>
        <source>This job has no image.</source>
        <translation>此任务没有图片。</translation>
    </message>
    <message>
        <source>This artwork is published already.</source>
        <translation>这件作品已经发布了。</translation>
    </message>
    <message>
        <source>Nothing to publish: the {count} artworks selected are being published, published already, or have no image.</source>
        <translation>没有可发布的内容：所选的 {count} 件作品正在发布、已发布，或没有图片。</translation>
    </message>
    <message>
        <source>Nothing to publish: the {count} artworks selected are published already, or have no image.</source>
        <translation>没有可发布的内容：所选的 {count} 件作品都已发布，或没有图片。</translation>
    </message>
    <message>
        <source>Nothing to save: none of the {count} artworks selected has its image file.</source>
        <translation>没有可保存的图片：所选的 {count} 件作品都没有图片文件。</translation>
    </message>
    <message>
        <source>{action} is for one artwork at a time, and {count} are selected: click one to select it alone.</source>
        <translation>“{action}”一次只能用于一件作品，而当前选中了 {count} 件：点击其中一件即可单独选中它。</translation>
    </message>
    <message>
        <source>Retrying 1 job.</source>
        <translation>正在重试 1 个任务。</translation>
    </message>
    <message>
        <source>Retrying {count} jobs.</source>
        <translation>正在重试 {count} 个任务。</translation>
    </message>
    <message>
        <source>One had changed meanwhile and was not retried.</source>
        <translation>有 1 个任务在此期间有了变化，未重试。</translation>
    </message>
    <message>
        <source>{count} had changed meanwhile and were not retried.</source>
        <translation>有 {count} 个任务在此期间有了变化，未重试。</translation>
    </message>
    <message>
        <source>The demo server has no record of “{0}”: its image cannot be fetched, nor its task checked again.

Retrying sends it to the demo server again as a new job. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>演示服务器没有“{0}”的记录：无法取得它的图片，也无法再次查询它的任务。

重试会将其作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>KIE has no record of “{0}”: its image cannot be fetched, nor its task checked again.

Retrying sends it to KIE again as a new job, and it is charged again.</source>
        <translation>KIE 没有“{0}”的记录：无法取得它的图片，也无法再次查询它的任务。

重试会将其作为新任务再次发送到 KIE，并会再次扣费。</translation>
    </message>
    <message>
        <source>{count} jobs were sent, and it is not known whether KIE created them: each may already have been created and charged for.

Look for them in the logs of your account on kie.ai first: give one whose task is there its task ID (Enter task ID…), which brings its image without paying again. Resubmitting sends each of them again, and may charge you twice for each.</source>
        <translation>已发送 {count} 个任务，但不知道 KIE 是否已创建：每个都可能已被创建并扣费。

请先在你的 kie.ai 账户日志中查找它们：任务在日志中的，请为它输入任务 ID（“输入任务 ID…”），无需再次付费即可取回图片。重新提交会再次发送每一个，每个都可能重复扣费。</translation>
    </message>
    <message>
        <source>1 follows the task KIE made for its earlier send: not sent again.</source>
        <translation>有 1 个任务跟踪 KIE 为它较早一次发送创建的任务：未再次发送。</translation>
    </message>
    <message>
        <source>{count} follow the tasks KIE made for their earlier sends: not sent again.</source>
        <translation>有 {count} 个任务跟踪 KIE 为它们较早的发送创建的任务：未再次发送。</translation>
    </message>
    <message>
        <source>“{0}” was sent to the demo server, which may have made it already.

A demo job uses no real credits: resubmitting sends it again, and at worst makes the image twice.</source>
        <translation>“{0}”已发送到演示服务器，它可能已经生成了该图片。

演示任务不消耗真实积分：重新提交会再次发送它，最多只是把图片生成两次。</translation>
    </message>
    <message>
        <source>“{title}” was not copied: its image file does not open. It is damaged, or not an image.</source>
        <translation>“{title}”未复制：它的图片文件打不开。文件已损坏，或者不是图片。</translation>
    </message>
    <message>
        <source>Put a copy from a backup in its place, under the same name, or download it again where the preview offers it.</source>
        <translation>把备份中的副本以同样的文件名放回原处，或者在预览提供重新下载时重新下载。</translation>
    </message>
    <message>
        <source>The image could not be saved.</source>
        <translation>图片未能保存。</translation>
    </message>
    <message>
        <source>The rest of the images could not be saved.</source>
        <translation>其余图片未能保存。</translation>
    </message>
    <message>
        <source>The images could not be saved.</source>
        <translation>这些图片未能保存。</translation>
    </message>
    <message>
        <source>The folder already had a file of the name one copy was to have, so it was saved as “{name}”.</source>
        <translation>文件夹中已有一个副本原定名称的文件，因此它加上编号保存为“{name}”。</translation>
    </message>
    <message>
        <source>The folder already had files of the names {count} copies were to have, so they were saved as {names}.</source>
        <translation>文件夹中已有 {count} 个副本原定名称的文件，因此它们加上编号保存为：{names}。</translation>
    </message>
    <message>
        <source>“{title}” was left out: a Delete moved its image to the Recycle Bin and was cut short before it removed it from the library. Restore it from the Recycle Bin to keep it, or delete it again.</source>
        <translation>“{title}”被略过：删除操作已把它的图片移到回收站，但在从图库中移除它之前中断了。要保留它，请从回收站中还原；或者再次删除它。</translation>
    </message>
    <message>
        <source>“{title}” was left out: a Delete moved its image to the Trash and was cut short before it removed it from the library. Restore it from the Trash to keep it, or delete it again.</source>
        <comment>macOS</comment>
        <translation>“{title}”被略过：删除操作已把它的图片移到废纸篓，但在从图库中移除它之前中断了。要保留它，请从废纸篓中还原；或者再次删除它。</translation>
    </message>
    <message>
        <source>“{title}” was left out: a Delete moved its image to the Trash and was cut short before it removed it from the library. Restore it from the Trash to keep it, or delete it again.</source>
        <comment>Linux</comment>
        <translation>“{title}”被略过：删除操作已把它的图片移到回收站，但在从图库中移除它之前中断了。要保留它，请从回收站中还原；或者再次删除它。</translation>
    </message>
    <message>
        <source>Left out, as a Delete moved their images to the Recycle Bin and was cut short before it removed them from the library: {titles}. Restore them from the Recycle Bin to keep them, or delete them again.</source>
        <translation>已略过：删除操作已把它们的图片移到回收站，但在从图库中移除它们之前中断了：{titles}。要保留它们，请从回收站中还原；或者再次删除它们。</translation>
    </message>
    <message>
        <source>Left out, as a Delete moved their images to the Trash and was cut short before it removed them from the library: {titles}. Restore them from the Trash to keep them, or delete them again.</source>
        <comment>macOS</comment>
        <translation>已略过：删除操作已把它们的图片移到废纸篓，但在从图库中移除它们之前中断了：{titles}。要保留它们，请从废纸篓中还原；或者再次删除它们。</translation>
    </message>
    <message>
        <source>Left out, as a Delete moved their images to the Trash and was cut short before it removed them from the library: {titles}. Restore them from the Trash to keep them, or delete them again.</source>
        <comment>Linux</comment>
        <translation>已略过：删除操作已把它们的图片移到回收站，但在从图库中移除它们之前中断了：{titles}。要保留它们，请从回收站中还原；或者再次删除它们。</translation>
    </message>
    <message>
        <source>“{title}” was left out: its image went to the Recycle Bin with its Delete, and Undo brought the artwork back without it. Restore it from the Recycle Bin to keep it.</source>
        <translation>“{title}”被略过：删除时它的图片被移到了回收站，撤销带回了作品，但没有带回图片。要保留它，请从回收站中还原。</translation>
    </message>
    <message>
        <source>Left out, as their images went to the Recycle Bin with their Delete, and Undo brought them back without them: {titles}. Restore them from the Recycle Bin to keep them.</source>
        <translation>已略过：删除时它们的图片被移到了回收站，撤销带回了它们，但没有带回图片：{titles}。要保留它们，请从回收站中还原。</translation>
    </message>
    <message>
        <source>“{title}” was left out: its image went to the Trash with its Delete, and Undo brought the artwork back without it. Restore it from the Trash to keep it.</source>
        <comment>macOS</comment>
        <translation>“{title}”被略过：删除时它的图片被移到了废纸篓，撤销带回了作品，但没有带回图片。要保留它，请从废纸篓中还原。</translation>
    </message>
    <message>
        <source>Left out, as their images went to the Trash with their Delete, and Undo brought them back without them: {titles}. Restore them from the Trash to keep them.</source>
        <comment>macOS</comment>
        <translation>已略过：删除时它们的图片被移到了废纸篓，撤销带回了它们，但没有带回图片：{titles}。要保留它们，请从废纸篓中还原。</translation>
    </message>
    <message>
        <source>“{title}” was left out: its image went to the Trash with its Delete, and Undo brought the artwork back without it. Restore it from the Trash to keep it.</source>
        <comment>Linux</comment>
        <translation>“{title}”被略过：删除时它的图片被移到了回收站，撤销带回了作品，但没有带回图片。要保留它，请从回收站中还原。</translation>
    </message>
    <message>
        <source>Left out, as their images went to the Trash with their Delete, and Undo brought them back without them: {titles}. Restore them from the Trash to keep them.</source>
        <comment>Linux</comment>
        <translation>已略过：删除时它们的图片被移到了回收站，撤销带回了它们，但没有带回图片：{titles}。要保留它们，请从回收站中还原。</translation>
    </message>
    <message>
        <source>“{title}” was left out: its image file in the library folder is damaged and does not open.</source>
        <translation>“{title}”被略过：它在图库文件夹中的图片文件已损坏，打不开。</translation>
    </message>
    <message>
        <source>{count} artworks were left out: {titles}. The image file of each in the library folder is damaged and does not open.</source>
        <translation>有 {count} 件作品被略过：{titles}。它们各自在图库文件夹中的图片文件都已损坏，打不开。</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Unstar</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <source>Star {count} artworks</source>
        <translation>收藏 {count} 件作品</translation>
    </message>
    <message>
        <source>Unstar {count} artworks</source>
        <translation>取消收藏 {count} 件作品</translation>
    </message>
    <message>
        <source>Add tags to 1 artwork</source>
        <translation>为 1 件作品添加标签</translation>
    </message>
    <message>
        <source>Add tags to {count} artworks</source>
        <translation>为 {count} 件作品添加标签</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Edit details</source>
        <translation>编辑详情</translation>
    </message>
    <message>
        <source>Tags added to 1 artwork.</source>
        <translation>已为 1 件作品添加标签。</translation>
    </message>
    <message>
        <source>Tags added to {count} artworks.</source>
        <translation>已为 {count} 件作品添加标签。</translation>
    </message>
    <message>
        <source>The selected artworks had these tags already.</source>
        <translation>选中的作品已经有这些标签。</translation>
    </message>
    <message>
        <source>Once it is deleted here Kontext Studio cannot remove that. To remove it, press “Remove from bucket” in its preview first.</source>
        <translation>在这里删除后，Kontext Studio 将无法再移除该图片。要移除它，请先在它的预览中按“从存储桶移除”。</translation>
    </message>
    <message>
        <source>A publish of it to the bucket &apos;{bucket}&apos; at {host} stopped before its end and may have left its image there; once it is deleted here Kontext Studio cannot remove that. To remove it, switch the R2 settings back to that bucket, then press “Remove from bucket” in its preview first.</source>
        <translation>它发布到 {host} 上的存储桶 &apos;{bucket}&apos; 时中途停止，可能在那里留下了它的图片；在这里删除后，Kontext Studio 将无法再移除该图片。要移除它，请先把 R2 设置改回那个存储桶，再在它的预览中按“从存储桶移除”。</translation>
    </message>
    <message>
        <source>Delete {count} artworks?</source>
        <translation>删除 {count} 件作品？</translation>
    </message>
    <message>
        <source>Delete artworks</source>
        <translation>删除作品</translation>
    </message>
    <message>
        <source>A publish of one of them stopped before its end and may have left its image in the R2 bucket it was sent to; once it is deleted here Kontext Studio cannot remove that. To remove it, select it alone and press “Remove from bucket” in its preview first.</source>
        <translation>其中一件作品的发布中途停止，可能在当时发往的 R2 存储桶中留下了它的图片；在这里删除后，Kontext Studio 将无法再移除该图片。要移除它，请先单独选中它，在它的预览中按“从存储桶移除”。</translation>
    </message>
    <message>
        <source>Publishes of {count} of them stopped before their end and may have left their images in the R2 buckets they were sent to; once they are deleted here Kontext Studio cannot remove those. To remove them, select each alone and press “Remove from bucket” in its preview first.</source>
        <translation>其中 {count} 件作品的发布中途停止，可能在当时各自发往的 R2 存储桶中留下了它们的图片；在这里删除后，Kontext Studio 将无法再移除这些图片。要移除它们，请先逐件单独选中，在其预览中按“从存储桶移除”。</translation>
    </message>
    <message>
        <source>For one of them, the publish went to another bucket than the R2 settings name: switch the settings back to that bucket first.</source>
        <translation>其中一件作品的发布去往的存储桶并非 R2 设置现在指向的存储桶：请先把设置改回那个存储桶。</translation>
    </message>
    <message>
        <source>For {count} of them, the publish went to another bucket than the R2 settings name: switch the settings back to that bucket first.</source>
        <translation>其中 {count} 件作品的发布去往的存储桶并非 R2 设置现在指向的存储桶：请先把设置改回那个存储桶。</translation>
    </message>
    <message>
        <source>One of them was sent and it is not known whether KIE made it: it may or may not have been charged.</source>
        <translation>其中 1 个任务已发出，但无法得知 KIE 是否已创建它：可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>{count} of them were sent and it is not known whether KIE made them: they may or may not have been charged.</source>
        <translation>其中 {count} 个任务已发出，但无法得知 KIE 是否已创建它们：可能已扣费，也可能没有。</translation>
    </message>
    <message>
        <source>One of them is a demo job that was sent and it is not known whether the demo server made it: it uses no real credits, and the demo balance may or may not have gone down for it.</source>
        <translation>其中 1 个演示任务已发出，但无法得知演示服务器是否已创建它：它不消耗真实积分，演示余额可能已为它减少，也可能没有。</translation>
    </message>
    <message>
        <source>{count} of them are demo jobs that were sent and it is not known whether the demo server made them: they use no real credits, and the demo balance may or may not have gone down for them.</source>
        <translation>其中 {count} 个演示任务已发出，但无法得知演示服务器是否已创建它们：它们不消耗真实积分，演示余额可能已为它们减少，也可能没有。</translation>
    </message>
    <message>
        <source>KIE had already taken one of them, so it was charged: deleting it does not give the credits back, and live mode would check on it without paying again, with your API key.</source>
        <translation>KIE 已经接下了其中 1 个任务，积分已被扣除：删除它不会退回积分，而在线模式（使用你的 API 密钥）会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken {count} of them, so they were charged: deleting them does not give the credits back, and live mode would check on them without paying again, with your API key.</source>
        <translation>KIE 已经接下了其中 {count} 个任务，积分已被扣除：删除它们不会退回积分，而在线模式（使用你的 API 密钥）会再次查询它们，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken one of them, so it was charged: deleting it does not give the credits back, and Retry would check on it without paying again.</source>
        <translation>KIE 已经接下了其中 1 个任务，积分已被扣除：删除它不会退回积分，而重试会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken {count} of them, so they were charged: deleting them does not give the credits back, and Retry would check on them without paying again.</source>
        <translation>KIE 已经接下了其中 {count} 个任务，积分已被扣除：删除它们不会退回积分，而重试会再次查询它们，不会再次扣费。</translation>
    </message>
    <message>
        <source>The demo server had already taken one of them, so the demo balance went down for it (no real credits); demo mode would check on it without lowering it again.</source>
        <translation>演示服务器已经接下了其中 1 个任务，演示余额已为它减少（不消耗真实积分）；演示模式会再次查询它，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>The demo server had already taken {count} of them, so the demo balance went down for them (no real credits); demo mode would check on them without lowering it again.</source>
        <translation>演示服务器已经接下了其中 {count} 个任务，演示余额已为它们减少（不消耗真实积分）；演示模式会再次查询它们，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>The demo server had already taken one of them, so the demo balance went down for it (no real credits); Retry would check on it without lowering it again.</source>
        <translation>演示服务器已经接下了其中 1 个任务，演示余额已为它减少（不消耗真实积分）；重试会再次查询它，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>The demo server had already taken {count} of them, so the demo balance went down for them (no real credits); Retry would check on them without lowering it again.</source>
        <translation>演示服务器已经接下了其中 {count} 个任务，演示余额已为它们减少（不消耗真实积分）；重试会再次查询它们，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>One of them is still running. KIE has no cancel call, so its credits may still be spent.</source>
        <translation>其中 1 个任务仍在进行。KIE 不提供取消接口，积分仍可能被扣除。</translation>
    </message>
    <message>
        <source>{count} of them are still running. KIE has no cancel call, so their credits may still be spent.</source>
        <translation>其中 {count} 个任务仍在进行。KIE 不提供取消接口，积分仍可能被扣除。</translation>
    </message>
    <message>
        <source>KIE has already finished one of them, whose image is downloading, so its credits are spent: deleting it now does not give them back.</source>
        <translation>其中 1 张图片 KIE 已经生成完、正在下载，积分已被扣除：现在删除也不会退回。</translation>
    </message>
    <message>
        <source>KIE has already finished {count} of them, whose images are downloading, so their credits are spent: deleting them now does not give them back.</source>
        <translation>其中 {count} 张图片 KIE 已经生成完、正在下载，积分已被扣除：现在删除也不会退回。</translation>
    </message>
    <message>
        <source>One of them is a demo job still running. The demo server, like KIE, has no cancel call, so it may still finish it there. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>其中 1 个演示任务仍在进行。演示服务器和 KIE 一样不提供取消接口，它仍可能在那里完成这个任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>{count} of them are demo jobs still running. The demo server, like KIE, has no cancel call, so it may still finish them there. Demo jobs use no real credits: only the demo balance goes down.</source>
        <translation>其中 {count} 个演示任务仍在进行。演示服务器和 KIE 一样不提供取消接口，它仍可能在那里完成这些任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Its last send may or may not have lowered the demo balance as well.</source>
        <translation>它最后一次发送也可能已减少演示余额，也可能没有。</translation>
    </message>
    <message>
        <source>Its last send may or may not have been charged as well.</source>
        <translation>它最后一次发送也可能已被扣费，也可能没有。</translation>
    </message>
    <message>
        <source>The demo server had already taken this job, so the demo balance went down for it (no real credits); demo mode would check on it without lowering it again.</source>
        <translation>演示服务器已经接下了这个任务，演示余额已为它减少（不消耗真实积分）；演示模式会再次查询它，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>The demo server had already taken this job, so the demo balance went down for it (no real credits); Retry would check on it without lowering it again.</source>
        <translation>演示服务器已经接下了这个任务，演示余额已为它减少（不消耗真实积分）；重试会再次查询它，不会再次减少演示余额。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged: deleting it does not give the credits back, and live mode would check on it without paying again, with your API key.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除：删除它不会退回积分，而在线模式（使用你的 API 密钥）会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>KIE had already taken this job, so it was charged: deleting it does not give the credits back, and Retry would check on it without paying again.</source>
        <translation>KIE 已经接下了这个任务，积分已被扣除：删除它不会退回积分，而重试会再次查询它，不会再次扣费。</translation>
    </message>
    <message>
        <source>The demo server has already finished this image, so the demo balance went down for it (no real credits).</source>
        <translation>演示服务器已经生成完这张图片，演示余额已为它减少（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>KIE has already finished this image, so its credits are spent: deleting it now does not give them back.</source>
        <translation>KIE 已经生成完这张图片，积分已被扣除：现在删除也不会退回。</translation>
    </message>
    <message>
        <source>Delete them for good? They cannot be brought back.</source>
        <translation>要永久删除它们吗？删除后无法找回。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo ({keys}) brings it back, but not its image, until this window closes or {deletes} more Deletes follow.</source>
        <translation>在此窗口关闭或之后再删除 {deletes} 次之前，编辑 ▸ 撤销（{keys}）可将其恢复，但不包括它的图片。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo ({keys}) brings them back, but not their images, until this window closes or {deletes} more Deletes follow.</source>
        <translation>在此窗口关闭或之后再删除 {deletes} 次之前，编辑 ▸ 撤销（{keys}）可将它们恢复，但不包括它们的图片。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo ({keys}) brings it all back until this window closes or {deletes} more Deletes follow.</source>
        <translation>在此窗口关闭或之后再删除 {deletes} 次之前，编辑 ▸ 撤销（{keys}）可将其全部恢复。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo ({keys}) brings them all back until this window closes or {deletes} more Deletes follow.</source>
        <translation>在此窗口关闭或之后再删除 {deletes} 次之前，编辑 ▸ 撤销（{keys}）可将它们全部恢复。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo ({keys}) brings them all back until this window closes or {deletes} more Deletes follow, but for the one still running.</source>
        <translation>在此窗口关闭或之后再删除 {deletes} 次之前，编辑 ▸ 撤销（{keys}）可将它们全部恢复，仍在运行的那 1 个除外。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo ({keys}) brings them all back until this window closes or {deletes} more Deletes follow, but for the {count} still running.</source>
        <translation>在此窗口关闭或之后再删除 {deletes} 次之前，编辑 ▸ 撤销（{keys}）可将它们全部恢复，仍在运行的 {count} 个除外。</translation>
    </message>
    <message>
        <source>But Undo can keep copies of only so many images from this library&apos;s disk: it may bring “{title}” back without its image.</source>
        <translation>但撤销能为此图库所在磁盘上的图片保留的副本有限：恢复“{title}”时可能不含其图片。</translation>
    </message>
    <message>
        <source>But Undo can keep copies of only so many images from this library&apos;s disk: it may bring them all back without their images.</source>
        <translation>但撤销能为此图库所在磁盘上的图片保留的副本有限：恢复这些作品时可能都不含其图片。</translation>
    </message>
    <message>
        <source>But Undo can keep copies of only so many images from this library&apos;s disk: it may bring {count} of these artworks back without their images.</source>
        <translation>但撤销能为此图库所在磁盘上的图片保留的副本有限：恢复这些作品时，其中 {count} 件可能不含其图片。</translation>
    </message>
    <message>
        <source>The one whose image file is missing comes back without it.</source>
        <translation>图片文件不见了的那 1 个恢复时不带图片。</translation>
    </message>
    <message>
        <source>The {count} whose image files are missing come back without them.</source>
        <translation>图片文件不见了的 {count} 个恢复时不带图片。</translation>
    </message>
    <message>
        <source>Their prompts and settings are deleted, with {given}.</source>
        <translation>它们的提示词和设置会连同{given}一起被删除。</translation>
    </message>
    <message>
        <source>the {details} you gave them</source>
        <translation>你为它们设置的{details}</translation>
    </message>
    <message>
        <source>the {details} you gave {count} of them</source>
        <translation>你为其中 {count} 件设置的{details}</translation>
    </message>
    <message>
        <source>the {details} you gave the other</source>
        <translation>你为另一件设置的{details}</translation>
    </message>
    <message>
        <source>the {details} you gave another</source>
        <translation>你为另一件设置的{details}</translation>
    </message>
    <message>
        <source>the {details} you gave one of them</source>
        <translation>你为其中一件设置的{details}</translation>
    </message>
    <message>
        <source>The image files of {count} of them are already gone from the disk.</source>
        <translation>其中 {count} 件的图片文件已经不在磁盘上了。</translation>
    </message>
    <message>
        <source>{given} are deleted.</source>
        <translation>{given}会被删除。</translation>
    </message>
    <message>
        <source>{given} is deleted.</source>
        <translation>{given}会被删除。</translation>
    </message>
    <message>
        <source>The images of {count} artworks could not be moved to the Recycle Bin.</source>
        <translation>无法将 {count} 件作品的图片移到回收站。</translation>
    </message>
    <message>
        <source>The images of {count} artworks could not be moved to the Trash.</source>
        <comment>macOS</comment>
        <translation>无法将 {count} 件作品的图片移到废纸篓。</translation>
    </message>
    <message>
        <source>The images of {count} artworks could not be moved to the Trash.</source>
        <comment>Linux</comment>
        <translation>无法将 {count} 件作品的图片移到回收站。</translation>
    </message>
    <message>
        <source>Put it back where it was, under the same name, or download it again where the preview offers it, then publish it again.</source>
        <translation>把它以同样的文件名放回原处，或者在预览提供重新下载时重新下载，然后重新发布。</translation>
    </message>
    <message>
        <source>Put it back where it was, under the same name, then publish it again.</source>
        <translation>把它以同样的文件名放回原处，然后重新发布。</translation>
    </message>
    <message>
        <source>Put each back where it was, under the same name, or download it again where the preview offers it, then publish them again.</source>
        <translation>把每个文件以同样的文件名放回原处，或者在预览提供重新下载时重新下载，然后重新发布它们。</translation>
    </message>
    <message>
        <source>Put each back where it was, under the same name, then publish them again.</source>
        <translation>把每个文件以同样的文件名放回原处，然后重新发布它们。</translation>
    </message>
    <message>
        <source>&amp;Unpublish</source>
        <translation>取消发布(&amp;U)</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Retry job</source>
        <translation>重试任务</translation>
    </message>
    <message>
        <source>It was made in live mode and its last send never reached KIE, so that send was not charged; live mode alone can send it, with your API key.</source>
        <translation>它是在在线模式下创建的，其最近一次发送没有到达 KIE，因此那次发送未扣费；只有在线模式（使用你的 API 密钥）能发送它。</translation>
    </message>
    <message>
        <source>&amp;Send again</source>
        <translation>重新发送(&amp;S)</translation>
    </message>
    <message>
        <source>Resubmit job</source>
        <translation>重新提交任务</translation>
    </message>
    <message>
        <source>&amp;Resubmit</source>
        <translation>重新提交(&amp;R)</translation>
    </message>
    <message>
        <source>Saved {name} in {folder}.</source>
        <translation>已将 {name} 保存到 {folder}。</translation>
    </message>
    <message>
        <source>Delete “{0}”?</source>
        <translation>删除“{0}”？</translation>
    </message>
    <message>
        <source>Its image file is already gone from the disk.</source>
        <translation>它的图片文件已经不在磁盘上了。</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete it for good? It cannot be brought back.</source>
        <translation>要永久删除吗？删除后无法找回。</translation>
    </message>
    <message>
        <source>The job is still running. KIE has no cancel call, so its credits may still be spent.</source>
        <translation>任务仍在进行。KIE 不提供取消接口，积分仍可能被扣除。</translation>
    </message>
    <message>
        <source>It was made in demo mode, which alone can send it again, for no real credits.</source>
        <translation>它是在演示模式下生成的，只有演示模式能再次发送它，且不消耗真实积分。</translation>
    </message>
    <message>
        <source>To make it with KIE, Reuse settings loads its prompt and options into Generate.</source>
        <translation>如要用 KIE 生成，“复用设置”会把它的提示词和选项载入“生成”页。</translation>
    </message>
    <message>
        <source>It was sent to KIE in live mode, which alone can check on it or send it again, with your API key.</source>
        <translation>它是在在线模式下发送给 KIE 的，只有在线模式（使用你的 API 密钥）能查询或再次发送它。</translation>
    </message>
    <message>
        <source>To make it in demo mode, Reuse settings loads its prompt and options into Generate.</source>
        <translation>如要在演示模式下生成，“复用设置”会把它的提示词和选项载入“生成”页。</translation>
    </message>
    <message>
        <source>{first} {second}</source>
        <translation>{first}{second}</translation>
    </message>
    <message>
        <source>It was made in demo mode, which alone can download its image again from the demo server.</source>
        <translation>它是在演示模式下生成的，只有演示模式能从演示服务器重新下载它的图片。</translation>
    </message>
    <message>
        <source>It was made in demo mode.</source>
        <translation>它是在演示模式下生成的。</translation>
    </message>
    <message>
        <source>It was made in live mode and KIE did not take its last send, so that send was not charged; live mode alone can send it, with your API key.</source>
        <translation>它是在在线模式下创建的，KIE 没有接受其最近一次发送，因此那次发送未扣费；只有在线模式（使用你的 API 密钥）能发送它。</translation>
    </message>
    <message>
        <source>It was sent to KIE in live mode, which alone can download its image again from KIE, with your API key.</source>
        <translation>它是在在线模式下发送给 KIE 的，只有在线模式（使用你的 API 密钥）能从 KIE 重新下载它的图片。</translation>
    </message>
    <message>
        <source>It was sent to KIE in live mode.</source>
        <translation>它是在在线模式下发送给 KIE 的。</translation>
    </message>
    <message>
        <source>Retry fetches the image the demo server made, without lowering the demo balance again; a demo job uses no real credits.</source>
        <translation>重试会取回演示服务器生成的图片，不会再次减少演示余额；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>Retry fetches the image KIE made, without paying again.</source>
        <translation>重试会取回 KIE 生成的图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>Retry sends it to the demo server; a demo job uses no real credits.</source>
        <translation>重试会将其发送到演示服务器；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>Retry sends it to KIE, charged as any new job.</source>
        <translation>重试会将其发送到 KIE，与任何新任务一样扣费。</translation>
    </message>
    <message>
        <source>No file manager opened the folder; its path is copied: {folder}</source>
        <translation>没有文件管理器能打开该文件夹；其路径已复制：{folder}</translation>
    </message>
    <message>
        <source>Save 1 image to a folder</source>
        <translation>将 1 张图片保存到文件夹</translation>
    </message>
    <message>
        <source>Save {count} images to a folder</source>
        <translation>将 {count} 张图片保存到文件夹</translation>
    </message>
    <message>
        <source>Ca&amp;ncel…</source>
        <translation>取消(&amp;N)…</translation>
    </message>
    <message>
        <source>Retr&amp;y</source>
        <translation>重试(&amp;Y)</translation>
    </message>
    <message>
        <source>R&amp;esubmit…</source>
        <translation>重新提交(&amp;E)…</translation>
    </message>
    <message>
        <source>Enter tas&amp;k ID…</source>
        <translation>输入任务 ID(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Copy prompt</source>
        <translation>复制提示词(&amp;C)</translation>
    </message>
    <message>
        <source>Copy &amp;image</source>
        <translation>复制图片(&amp;I)</translation>
    </message>
    <message>
        <source>St&amp;ar the selected artwork</source>
        <translation>收藏选中的作品(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>Edit de&amp;tails…</source>
        <translation>编辑详情(&amp;T)…</translation>
    </message>
    <message>
        <source>Pu&amp;blish the selected artwork</source>
        <translation>发布选中的作品(&amp;B)</translation>
    </message>
    <message>
        <source>Try again a job that failed, timed out or was cancelled</source>
        <translation>重试失败、超时或已取消的任务</translation>
    </message>
    <message>
        <source>Copy this job&apos;s prompt to the clipboard</source>
        <translation>将此任务的提示词复制到剪贴板</translation>
    </message>
    <message>
        <source>Copy the image to the clipboard, to paste it into another app</source>
        <translation>将图片复制到剪贴板，以便粘贴到其他应用中</translation>
    </message>
    <message>
        <source>Save a copy of the image in a folder of your choice</source>
        <translation>将图片的副本保存到你选择的文件夹</translation>
    </message>
    <message>
        <source>Open the library&apos;s folder that holds the image</source>
        <translation>打开图库中存放这张图片的文件夹</translation>
    </message>
    <message>
        <source>Star this artwork to find it with ★ Starred</source>
        <translation>收藏此作品，之后可用“★ 已收藏”找到它</translation>
    </message>
    <message>
        <source>Give this artwork a title of its own instead of its prompt</source>
        <translation>为此作品起一个自己的标题，代替提示词</translation>
    </message>
    <message>
        <source>Remove this job and its image from the library, after asking</source>
        <translation>从图库中删除此任务及其图片（会先询问）</translation>
    </message>
    <message>
        <source>Unst&amp;ar the selected artwork</source>
        <translation>取消收藏选中的作品(&amp;A)</translation>
    </message>
    <message>
        <source>Take the star off this artwork</source>
        <translation>取消收藏此作品</translation>
    </message>
    <message>
        <source>Save 1 image</source>
        <translation>保存 1 张图片</translation>
    </message>
    <message>
        <source>Save {count} images</source>
        <translation>保存 {count} 张图片</translation>
    </message>
    <message>
        <source>Save a copy of each selected image in a folder of your choice; files already there are kept, a copy of the same name is numbered</source>
        <translation>将每张选中的图片复制保存到你选择的文件夹；文件夹中已有的文件保持不变，同名的副本会加上编号</translation>
    </message>
    <message>
        <source>Add &amp;tags to {count} artworks…</source>
        <translation>为 {count} 件作品添加标签(&amp;T)…</translation>
    </message>
    <message>
        <source>Unst&amp;ar {count} selected artworks</source>
        <translation>取消收藏选中的 {count} 件作品(&amp;A)</translation>
    </message>
    <message>
        <source>St&amp;ar {count} selected artworks</source>
        <translation>收藏选中的 {count} 件作品(&amp;A)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel 1 job…</source>
        <translation>取消 1 个任务(&amp;N)…</translation>
    </message>
    <message>
        <source>Ca&amp;ncel {count} jobs…</source>
        <translation>取消 {count} 个任务(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Delete {count} artworks…</source>
        <translation>删除 {count} 件作品(&amp;D)…</translation>
    </message>
    <message>
        <source>Pu&amp;blish 1 selected artwork</source>
        <translation>发布选中的 1 件作品(&amp;B)</translation>
    </message>
    <message>
        <source>Pu&amp;blish {count} selected artworks</source>
        <translation>发布选中的 {count} 件作品(&amp;B)</translation>
    </message>
    <message>
        <source>Pu&amp;blish the selected artworks</source>
        <translation>发布选中的作品(&amp;B)</translation>
    </message>
    <message>
        <source>Retr&amp;y 1 job</source>
        <translation>重试 1 个任务(&amp;Y)</translation>
    </message>
    <message>
        <source>Retr&amp;y {count} jobs</source>
        <translation>重试 {count} 个任务(&amp;Y)</translation>
    </message>
    <message>
        <source>R&amp;esubmit 1 job…</source>
        <translation>重新提交 1 个任务(&amp;E)…</translation>
    </message>
    <message>
        <source>R&amp;esubmit {count} jobs…</source>
        <translation>重新提交 {count} 个任务(&amp;E)…</translation>
    </message>
    <message>
        <source>The demo server has already taken each of them and, like KIE, has no cancel call: it may still finish them. Demo jobs use no real credits: only the demo balance goes down.</source>
        <translation>演示服务器已经接下了其中每一个任务，而且和 KIE 一样不提供取消接口：它仍可能完成这些任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>KIE has already taken each of them and has no cancel call: it may still finish them, and their credits may still be spent.</source>
        <translation>KIE 已经接下了其中每一个任务，而且不提供取消接口：它仍可能完成这些任务，积分也仍可能被扣除。</translation>
    </message>
    <message>
        <source>They are still waiting their turn, and the demo server has not taken them yet, so the demo balance does not go down.</source>
        <translation>它们仍在排队等候，演示服务器尚未接受它们，因此演示余额不会减少。</translation>
    </message>
    <message>
        <source>One of them is still waiting its turn, and the demo server has not taken it yet: the demo balance does not go down for it.</source>
        <translation>其中 1 个仍在排队等候，演示服务器尚未接受它：演示余额不会因它而减少。</translation>
    </message>
    <message>
        <source>{count} of them are still waiting their turn, and the demo server has not taken them yet: the demo balance does not go down for those.</source>
        <translation>其中 {count} 个仍在排队等候，演示服务器尚未接受它们：演示余额不会因它们而减少。</translation>
    </message>
    <message>
        <source>They are still waiting their turn, and KIE has not taken them yet, so nothing is charged.</source>
        <translation>它们仍在排队等候，KIE 尚未接受它们，因此不会扣费。</translation>
    </message>
    <message>
        <source>One of them is still waiting its turn, and KIE has not taken it yet: nothing is charged for it.</source>
        <translation>其中 1 个仍在排队等候，KIE 尚未接受它：它不会被扣费。</translation>
    </message>
    <message>
        <source>{count} of them are still waiting their turn, and KIE has not taken them yet: nothing is charged for those.</source>
        <translation>其中 {count} 个仍在排队等候，KIE 尚未接受它们：它们不会被扣费。</translation>
    </message>
    <message>
        <source>{count} whose task ID is being checked</source>
        <translation>{count} 个正在检查任务 ID</translation>
    </message>
    <message>
        <source>The task ID entered for “{title}” is being checked: the job is left as it is until then.</source>
        <translation>正在检查为“{title}”输入的任务 ID：在此之前它保持原样。</translation>
    </message>
    <message>
        <source>The demo server&apos;s answer to the cancelled send of “{title}” was the task you entered: the job keeps it.</source>
        <translation>演示服务器对“{title}”那次已取消发送的回复正是你输入的任务：它会保留该任务。</translation>
    </message>
    <message>
        <source>KIE&apos;s answer to the cancelled send of “{title}” was the task you entered: the job keeps it.</source>
        <translation>KIE 对“{title}”那次已取消发送的回复正是你输入的任务：它会保留该任务。</translation>
    </message>
    <message>
        <source>Prompt copied.</source>
        <translation>提示词已复制。</translation>
    </message>
    <message>
        <source>Image copied.</source>
        <translation>图片已复制。</translation>
    </message>
    <message>
        <source>Stopped: {saved} of {count} images were saved in {folder}.</source>
        <translation>已停止：{count} 张图片中有 {saved} 张已保存到 {folder}。</translation>
    </message>
    <message>
        <source>No image was saved in {folder}.</source>
        <translation>没有图片保存到 {folder}。</translation>
    </message>
    <message>
        <source>Saved {saved} of {count} images in {folder}.</source>
        <translation>已将 {count} 张图片中的 {saved} 张保存到 {folder}。</translation>
    </message>
    <message>
        <source>Saved 1 image in {folder}.</source>
        <translation>已将 1 张图片保存到 {folder}。</translation>
    </message>
    <message>
        <source>Saved {count} images in {folder}.</source>
        <translation>已将 {count} 张图片保存到 {folder}。</translation>
    </message>
    <message>
        <source>1 of {count} images was saved in {folder} before.</source>
        <translation>此前 {count} 张图片中已有 1 张保存到 {folder}。</translation>
    </message>
    <message>
        <source>{saved} of {count} images were saved in {folder} before.</source>
        <translation>此前 {count} 张图片中已有 {saved} 张保存到 {folder}。</translation>
    </message>
    <message>
        <source>“{title}” was left out: its image file is missing (moved or deleted outside the app).</source>
        <translation>“{title}”被略过：它的图片文件不见了（已在应用之外被移动或删除）。</translation>
    </message>
    <message>
        <source>{count} artworks were left out: their image files are missing (moved or deleted outside the app): {titles}.</source>
        <translation>有 {count} 件作品被略过：它们的图片文件不见了（已在应用之外被移动或删除）：{titles}。</translation>
    </message>
    <message>
        <source>“{title}” was left out: its image file could not be read.</source>
        <translation>“{title}”未保存：无法读取它的图片文件。</translation>
    </message>
    <message>
        <source>{count} artworks were left out: their image files could not be read: {titles}.</source>
        <translation>有 {count} 件作品未保存：无法读取它们的图片文件：{titles}。</translation>
    </message>
    <message>
        <source>It stays published in your R2 bucket: its link keeps working. To take it down, Unpublish it first, or undo the Delete before this window closes or {deletes} more Deletes follow.</source>
        <translation>它仍发布在你的 R2 存储桶中：链接继续有效。要将它撤下，请先“取消发布”，或在此窗口关闭或之后再删除 {deletes} 次之前撤销这次删除。</translation>
    </message>
    <message>
        <source>Delete artwork</source>
        <translation>删除作品</translation>
    </message>
    <message>
        <source>One of them stays published in your R2 bucket: its link keeps working. To take it down, Unpublish it first, or undo the Delete before this window closes or {deletes} more Deletes follow.</source>
        <translation>其中 1 件仍发布在你的 R2 存储桶中：链接继续有效。要将它撤下，请先“取消发布”，或在此窗口关闭或之后再删除 {deletes} 次之前撤销这次删除。</translation>
    </message>
    <message>
        <source>{count} of them stay published in your R2 bucket: their links keep working. To take them down, Unpublish them first, or undo the Delete before this window closes or {deletes} more Deletes follow.</source>
        <translation>其中 {count} 件仍发布在你的 R2 存储桶中：链接继续有效。要将它们撤下，请先“取消发布”，或在此窗口关闭或之后再删除 {deletes} 次之前撤销这次删除。</translation>
    </message>
    <message>
        <source>A publish of one of them stopped before its end and may have left its image in your R2 bucket; once it is deleted here Kontext Studio cannot remove that. To remove it, select it alone and press “Remove from bucket” in its preview first.</source>
        <translation>其中一件作品的发布中途停止，可能在你的 R2 存储桶中留下了它的图片；在这里删除后，Kontext Studio 将无法再移除该图片。要移除它，请先单独选中它，在它的预览中按“从存储桶移除”。</translation>
    </message>
    <message>
        <source>Publishes of {count} of them stopped before their end and may have left their images in your R2 bucket; once they are deleted here Kontext Studio cannot remove those. To remove them, select each alone and press “Remove from bucket” in its preview first.</source>
        <translation>其中 {count} 件作品的发布中途停止，可能在你的 R2 存储桶中留下了它们的图片；在这里删除后，Kontext Studio 将无法再移除这些图片。要移除它们，请先逐件单独选中，在其预览中按“从存储桶移除”。</translation>
    </message>
    <message>
        <source>The job is still running. The demo server, like KIE, has no cancel call, so it may still finish it there. A demo job uses no real credits: only the demo balance goes down.</source>
        <translation>任务仍在进行。演示服务器和 KIE 一样不提供取消接口，它仍可能在那里完成这个任务。演示任务不消耗真实积分：只会减少演示余额。</translation>
    </message>
    <message>
        <source>Delete for good</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>Delete for &amp;good</source>
        <translation>永久删除(&amp;G)</translation>
    </message>
    <message>
        <source>the {details} you gave a third</source>
        <translation>你为第三件设置的{details}</translation>
    </message>
    <message>
        <source>the {details} you gave a fourth</source>
        <translation>你为第四件设置的{details}</translation>
    </message>
    <message>
        <source>Their image files are missing. They went to the Recycle Bin with their Delete, and Undo brought the artworks back without them.</source>
        <translation>它们的图片文件不见了。删除时它们被移到了回收站，撤销带回了这些作品，但没有带回它们的图片。</translation>
    </message>
    <message>
        <source>Their image files are missing. They went to the Trash with their Delete, and Undo brought the artworks back without them.</source>
        <comment>macOS</comment>
        <translation>它们的图片文件不见了。删除时它们被移到了废纸篓，撤销带回了这些作品，但没有带回它们的图片。</translation>
    </message>
    <message>
        <source>Their image files are missing. They went to the Trash with their Delete, and Undo brought the artworks back without them.</source>
        <comment>Linux</comment>
        <translation>它们的图片文件不见了。删除时它们被移到了回收站，撤销带回了这些作品，但没有带回它们的图片。</translation>
    </message>
    <message>
        <source>Their image files are in the Recycle Bin already.</source>
        <translation>它们的图片文件都已经在回收站里了。</translation>
    </message>
    <message>
        <source>Their image files are in the Trash already.</source>
        <comment>macOS</comment>
        <translation>它们的图片文件都已经在废纸篓里了。</translation>
    </message>
    <message>
        <source>Their image files are in the Trash already.</source>
        <comment>Linux</comment>
        <translation>它们的图片文件都已经在回收站里了。</translation>
    </message>
    <message>
        <source>The image file of one of them is in the Recycle Bin already.</source>
        <translation>其中一件的图片文件已经在回收站里了。</translation>
    </message>
    <message>
        <source>The image file of one of them is in the Trash already.</source>
        <comment>macOS</comment>
        <translation>其中一件的图片文件已经在废纸篓里了。</translation>
    </message>
    <message>
        <source>The image file of one of them is in the Trash already.</source>
        <comment>Linux</comment>
        <translation>其中一件的图片文件已经在回收站里了。</translation>
    </message>
    <message>
        <source>The image files of {count} of them are in the Recycle Bin already.</source>
        <translation>其中 {count} 件的图片文件已经在回收站里了。</translation>
    </message>
    <message>
        <source>The image files of {count} of them are in the Trash already.</source>
        <comment>macOS</comment>
        <translation>其中 {count} 件的图片文件已经在废纸篓里了。</translation>
    </message>
    <message>
        <source>The image files of {count} of them are in the Trash already.</source>
        <comment>Linux</comment>
        <translation>其中 {count} 件的图片文件已经在回收站里了。</translation>
    </message>
    <message>
        <source>The image of “{0}” could not be moved to the Recycle Bin.</source>
        <translation>无法将“{0}”的图片移到回收站。</translation>
    </message>
    <message>
        <source>The image of “{0}” could not be moved to the Trash.</source>
        <comment>macOS</comment>
        <translation>无法将“{0}”的图片移到废纸篓。</translation>
    </message>
    <message>
        <source>The image of “{0}” could not be moved to the Trash.</source>
        <comment>Linux</comment>
        <translation>无法将“{0}”的图片移到回收站。</translation>
    </message>
    <message>
        <source>Remove “{0}” from your R2 bucket?

Its link stops working for everyone who has it. The artwork stays in your library and can be published again.</source>
        <translation>从你的 R2 存储桶中移除“{0}”？

对所有拿到链接的人来说，链接都会失效。作品仍保留在图库中，可以随时再次发布。</translation>
    </message>
    <message>
        <source>Unpublish artwork</source>
        <translation>取消发布作品</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>上传中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>提交中</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Waiting its turn: jobs go to the demo server at most {limit} per {seconds} s.</source>
        <translation>排队等候：每 {seconds} 秒最多向演示服务器发送 {limit} 个任务。</translation>
    </message>
    <message>
        <source>Waiting its turn: jobs go to KIE at most {limit} per {seconds} s.</source>
        <translation>排队等候：每 {seconds} 秒最多向 KIE 发送 {limit} 个任务。</translation>
    </message>
    <message>
        <source>{place} of {count}, an extra image</source>
        <translation>{place}/{count}，额外的一张</translation>
    </message>
    <message>
        <source>{title} · {place}</source>
        <translation>{title} · {place}</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>{0} · {1} s</source>
        <translation>{0} · {1} 秒</translation>
    </message>
    <message>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <source>Image unreadable</source>
        <translation>无法读取图片</translation>
    </message>
    <message>
        <source>Image missing</source>
        <translation>图片丢失</translation>
    </message>
    <message>
        <source>{place} of {count}</source>
        <translation>{place}/{count}</translation>
    </message>
    <message>
        <source>starred</source>
        <translation>已收藏</translation>
    </message>
    <message>
        <source>published in another bucket</source>
        <translation>已发布在另一个存储桶中</translation>
    </message>
    <message>
        <source>waiting to publish</source>
        <translation>排队等待发布</translation>
    </message>
    <message>
        <source>unpublish failed</source>
        <translation>取消发布失败</translation>
    </message>
    <message>
        <source>removal from the bucket failed</source>
        <translation>从存储桶移除失败</translation>
    </message>
    <message>
        <source>may be gone from R2: only its image is left</source>
        <translation>可能已从 R2 移除：只剩下图片</translation>
    </message>
    <message>
        <source>may be gone from R2: only its manifest is left</source>
        <translation>可能已从 R2 移除：只剩下清单文件</translation>
    </message>
    <message>
        <source>may be gone from R2</source>
        <translation>可能已从 R2 移除</translation>
    </message>
    <message>
        <source>published in the bucket &apos;{bucket}&apos;</source>
        <translation>已发布在存储桶 &apos;{bucket}&apos; 中</translation>
    </message>
    <message>
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>publishing failed</source>
        <translation>发布失败</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>waits for demo mode</source>
        <translation>等待演示模式</translation>
    </message>
    <message>
        <source>waits for live mode</source>
        <translation>等待在线模式</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation>搜索图库</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed / timed out / unknown</source>
        <translation>失败 / 超时 / 未知</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Which jobs to show</source>
        <translation>显示哪些任务</translation>
    </message>
    <message>
        <source>★ Starred</source>
        <translation>★ 已收藏</translation>
    </message>
    <message>
        <source>Show starred artworks only</source>
        <translation>只显示已收藏的作品</translation>
    </message>
    <message>
        <source>Artworks</source>
        <translation>作品</translation>
    </message>
    <message>
        <source>Try &amp;again</source>
        <translation>重试(&amp;A)</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Show all artworks</source>
        <translation>显示全部作品</translation>
    </message>
    <message>
        <source>More ▾</source>
        <translation>更多 ▾</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>Sort the library: {order}</source>
        <translation>图库排序：{order}</translation>
    </message>
    <message>
        <source>Also in View ▸ Sort library.</source>
        <translation>也可在 视图 ▸ 排序图库 中选择。</translation>
    </message>
    <message>
        <source>Also in View ▸ Sort library (Alt+V, L).</source>
        <translation>也可在 视图 ▸ 排序图库（Alt+V, L）中选择。</translation>
    </message>
    <message>
        <source>“{words}”</source>
        <translation>“{words}”</translation>
    </message>
    <message>
        <source>Showing only: {filters}</source>
        <translation>仅显示：{filters}</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program.</source>
        <translation>“{title}”已被另一个程序删除。</translation>
    </message>
    <message>
        <source>Your image is being added to the library: it shows here if it matches. Esc in the search box clears the search.</source>
        <translation>你的图片正在加入图库：如果符合条件，就会显示在这里。在搜索框中按 Esc 可清除搜索。</translation>
    </message>
    <message>
        <source>Your {count} images are being added to the library: they show here if they match. Esc in the search box clears the search.</source>
        <translation>你的 {count} 张图片正在加入图库：符合条件的会显示在这里。在搜索框中按 Esc 可清除搜索。</translation>
    </message>
    <message>
        <source>Your image is being added to the library: it shows here if it matches.</source>
        <translation>你的图片正在加入图库：如果符合条件，就会显示在这里。</translation>
    </message>
    <message>
        <source>Your {count} images are being added to the library: they show here if they match.</source>
        <translation>你的 {count} 张图片正在加入图库：符合条件的会显示在这里。</translation>
    </message>
    <message>
        <source>Your image is on its way: it shows at the end, below, once it is in the library.</source>
        <translation>你的图片正在路上：加入图库后会显示在下方的末尾。</translation>
    </message>
    <message>
        <source>Your {count} images are on their way: they show at the end, below, once they are in the library.</source>
        <translation>你的 {count} 张图片正在路上：加入图库后会显示在下方的末尾。</translation>
    </message>
    <message>
        <source>Your image is on its way: it shows in its place by name once it is in the library.</source>
        <translation>你的图片正在路上：加入图库后会按名称显示在相应位置。</translation>
    </message>
    <message>
        <source>Your {count} images are on their way: they show in their place by name once they are in the library.</source>
        <translation>你的 {count} 张图片正在路上：加入图库后会按名称显示在相应位置。</translation>
    </message>
    <message>
        <source>Your image is on its way: it shows after the starred ones once it is in the library.</source>
        <translation>你的图片正在路上：加入图库后会显示在已收藏的图片之后。</translation>
    </message>
    <message>
        <source>Your {count} images are on their way: they show after the starred ones once they are in the library.</source>
        <translation>你的 {count} 张图片正在路上：加入图库后会显示在已收藏的图片之后。</translation>
    </message>
    <message>
        <source>This search could not be read from the library.</source>
        <translation>无法从图库中读取此搜索的结果。</translation>
    </message>
    <message>
        <source>The library could not be read.</source>
        <translation>无法读取图库。</translation>
    </message>
    <message>
        <source>No starred artworks. Star an artwork with {keys} to find it here.</source>
        <translation>没有收藏的作品。按 {keys} 收藏作品后即可在这里找到。</translation>
    </message>
    <message>
        <source>Search prompts, titles, tags and descriptions</source>
        <translation>搜索提示词、标题、标签和描述</translation>
    </message>
    <message>
        <source>Sort &amp;library</source>
        <translation>排序图库(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Newest first</source>
        <translation>最新在前(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Oldest first</source>
        <translation>最早在前(&amp;O)</translation>
    </message>
    <message>
        <source>N&amp;ame A→Z</source>
        <translation>名称 A→Z(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Starred first</source>
        <translation>已收藏的在前(&amp;S)</translation>
    </message>
    <message>
        <source>Your image is on its way: it shows further down, at the end of the library, once it is there.</source>
        <translation>你的图片正在路上：会显示在更下方的图库末尾，加入图库后出现。</translation>
    </message>
    <message>
        <source>Your {count} images are on their way: they show further down, at the end of the library, once they are there.</source>
        <translation>你的 {count} 张图片正在路上：会显示在更下方的图库末尾，加入图库后出现。</translation>
    </message>
    <message>
        <source>Nothing matches the search and the filters.</source>
        <translation>没有符合搜索和筛选条件的结果。</translation>
    </message>
    <message>
        <source>Nothing matches the search. Esc in the search box clears it.</source>
        <translation>没有匹配的结果。在搜索框中按 Esc 可清除搜索。</translation>
    </message>
    <message>
        <source>Nothing matches the filters.</source>
        <translation>没有符合筛选条件的结果。</translation>
    </message>
    <message>
        <source>Your image is on its way: it shows here once it is in the library.</source>
        <translation>你的图片正在路上：加入图库后就会显示在这里。</translation>
    </message>
    <message>
        <source>Your {count} images are on their way: they show here once they are in the library.</source>
        <translation>你的 {count} 张图片正在路上：加入图库后就会显示在这里。</translation>
    </message>
    <message>
        <source>No artworks yet. Type a prompt and press {keys}.</source>
        <translation>还没有作品。输入提示词，然后按 {keys}。</translation>
    </message>
</context>
<context>
    <name>LibraryUndo</name>
    <message>
        <source>Undid {action}.</source>
        <translation>已撤销“{action}”。</translation>
    </message>
    <message>
        <source>Redid {action}.</source>
        <translation>已重做“{action}”。</translation>
    </message>
    <message>
        <source>“{title}” can no longer be brought back: Undo keeps the last {deletes} Deletes.</source>
        <translation>“{title}”已无法再恢复：撤销只保留最近 {deletes} 次删除。</translation>
    </message>
    <message>
        <source>{titles} can no longer be brought back: Undo keeps the last {deletes} Deletes.</source>
        <translation>{titles}已无法再恢复：撤销只保留最近 {deletes} 次删除。</translation>
    </message>
    <message>
        <source>{action} can no longer be undone: Undo keeps the last {count} changes other than Deletes.</source>
        <translation>已无法再撤销“{action}”：撤销只保留删除以外的最近 {count} 次更改。</translation>
    </message>
    <message>
        <source>{action} can no longer be redone: a change was made in the library since it was undone.</source>
        <translation>已无法再重做“{action}”：撤销之后图库中又有了新的更改。</translation>
    </message>
    <message>
        <source>Undo waits for “{title}” to be read…</source>
        <translation>撤销正在等待读取“{title}”…</translation>
    </message>
    <message>
        <source>Undo waits for {titles} to be read…</source>
        <translation>撤销正在等待读取{titles}…</translation>
    </message>
    <message>
        <source>“{title}” came back without its image: the copy Kontext Studio kept to undo its Delete is no longer there.</source>
        <translation>“{title}”已恢复，但不含其图片：Kontext Studio 为撤销删除而保留的副本已不在原处。</translation>
    </message>
    <message>
        <source>{titles} came back without their images: the copies Kontext Studio kept to undo their Delete are no longer there.</source>
        <translation>{titles}已恢复，但不含其图片：Kontext Studio 为撤销删除而保留的副本已不在原处。</translation>
    </message>
    <message>
        <source>“{title}” came back without its image: the image was changed on disk since it was deleted, so it was not put back.</source>
        <translation>“{title}”已恢复，但不含其图片：该图片在删除后已在磁盘上被更改，因此未放回。</translation>
    </message>
    <message>
        <source>{titles} came back without their images: they were changed on disk since they were deleted, so they were not put back.</source>
        <translation>{titles}已恢复，但不含其图片：这些图片在删除后已在磁盘上被更改，因此未放回。</translation>
    </message>
    <message>
        <source>“{title}” came back without its image: no copy of it could be kept as it was deleted.</source>
        <translation>“{title}”已恢复，但不含其图片：删除时未能保留它的副本。</translation>
    </message>
    <message>
        <source>{titles} came back without their images: no copy of them could be kept as they were deleted.</source>
        <translation>{titles}已恢复，但不含其图片：删除时未能保留它们的副本。</translation>
    </message>
    <message>
        <source>Its image may still be in the Recycle Bin: restore it from there to put it back.</source>
        <translation>它的图片可能仍在回收站中：从那里还原即可将其放回。</translation>
    </message>
    <message>
        <source>Their images may still be in the Recycle Bin: restore them from there to put them back.</source>
        <translation>它们的图片可能仍在回收站中：从那里还原即可将其放回。</translation>
    </message>
    <message>
        <source>Its image may still be in the Trash: restore it from there to put it back.</source>
        <comment>macOS</comment>
        <translation>它的图片可能仍在废纸篓中：从那里还原即可将其放回。</translation>
    </message>
    <message>
        <source>Their images may still be in the Trash: restore them from there to put them back.</source>
        <comment>macOS</comment>
        <translation>它们的图片可能仍在废纸篓中：从那里还原即可将其放回。</translation>
    </message>
    <message>
        <source>Its image may still be in the Trash: restore it from there to put it back.</source>
        <comment>Linux</comment>
        <translation>它的图片可能仍在回收站中：从那里还原即可将其放回。</translation>
    </message>
    <message>
        <source>Their images may still be in the Trash: restore them from there to put them back.</source>
        <comment>Linux</comment>
        <translation>它们的图片可能仍在回收站中：从那里还原即可将其放回。</translation>
    </message>
    <message>
        <source>Take back the last change made in the library</source>
        <translation>撤销在图库中所做的最近一次更改</translation>
    </message>
    <message>
        <source>Nothing older in the library to undo: Undo keeps the last {deletes} Deletes and the last {count} other changes.</source>
        <translation>图库中没有更早的可撤销操作：撤销会保留最近 {deletes} 次删除和最近 {count} 次其他更改。</translation>
    </message>
    <message>
        <source>Nothing in the library to undo.</source>
        <translation>图库中没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Make the change Undo took back again</source>
        <translation>重新做出被撤销的更改</translation>
    </message>
    <message>
        <source>Nothing in the library to redo.</source>
        <translation>图库中没有可重做的操作。</translation>
    </message>
    <message>
        <source>&amp;Undo {action}</source>
        <translation>撤销“{action}”(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Red&amp;o {action}</source>
        <translation>重做“{action}”(&amp;O)</translation>
    </message>
    <message>
        <source>Red&amp;o</source>
        <translation>重做(&amp;O)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> — Demo</source>
        <translation> — 演示模式</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态栏</translation>
    </message>
    <message>
        <source>&amp;Widen preview</source>
        <translation>加宽预览(&amp;W)</translation>
    </message>
    <message>
        <source>The library is as narrow as it goes.</source>
        <translation>图库已经窄到最小了。</translation>
    </message>
    <message>
        <source>&amp;Narrow preview</source>
        <translation>收窄预览(&amp;N)</translation>
    </message>
    <message>
        <source>The preview is as narrow as it goes.</source>
        <translation>预览已经窄到最小了。</translation>
    </message>
    <message>
        <source>Taller &amp;details</source>
        <translation>让详情区变高(&amp;D)</translation>
    </message>
    <message>
        <source>The picture is as short as it goes.</source>
        <translation>图片已经矮到最小了。</translation>
    </message>
    <message>
        <source>S&amp;horter details</source>
        <translation>让详情区变矮(&amp;H)</translation>
    </message>
    <message>
        <source>The details are as short as they go.</source>
        <translation>详情区已经矮到最小了。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Open &amp;data folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Paste reference image</source>
        <translation>粘贴参考图(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Search library</source>
        <translation>搜索图库(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Go to prompt</source>
        <translation>转到提示词(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual pixels (100 %)</source>
        <translation>实际像素(&amp;A)（100%）</translation>
    </message>
    <message>
        <source>S&amp;tatistics…</source>
        <translation>统计(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Kontext Studio</source>
        <translation>关于 Kontext Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Show folder</source>
        <translation>显示文件夹</translation>
    </message>
    <message>
        <source>A job could not be sent: KIE cannot be reached.</source>
        <translation>有 1 个任务未能发送：无法连接 KIE。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: KIE cannot be reached.</source>
        <translation>有 {count} 个任务未能发送：无法连接 KIE。</translation>
    </message>
    <message>
        <source>A job could not be sent: its reference image could not be uploaded to the demo server.</source>
        <translation>有 1 个任务未能发送：它的参考图未能上传到演示服务器。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: their reference images could not be uploaded to the demo server.</source>
        <translation>有 {count} 个任务未能发送：它们的参考图未能上传到演示服务器。</translation>
    </message>
    <message>
        <source>A job could not be sent: its reference image could not be uploaded to KIE.</source>
        <translation>有 1 个任务未能发送：它的参考图未能上传到 KIE。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: their reference images could not be uploaded to KIE.</source>
        <translation>有 {count} 个任务未能发送：它们的参考图未能上传到 KIE。</translation>
    </message>
    <message>
        <source>A job could not be sent: the demo server stopped answering.</source>
        <translation>有 1 个任务未能发送：演示服务器停止了应答。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: the demo server stopped answering.</source>
        <translation>有 {count} 个任务未能发送：演示服务器停止了应答。</translation>
    </message>
    <message>
        <source>The library&apos;s search and filters were cleared to show the new image.</source>
        <translation>已清除图库的搜索和筛选，以显示新图片。</translation>
    </message>
    <message>
        <source>The library&apos;s search and filters were cleared to show the new images.</source>
        <translation>已清除图库的搜索和筛选，以显示这些新图片。</translation>
    </message>
    <message>
        <source>The library&apos;s search and filters hide the new image.</source>
        <translation>图库的搜索和筛选隐藏了新图片。</translation>
    </message>
    <message>
        <source>The library&apos;s search and filters hide the new images.</source>
        <translation>图库的搜索和筛选隐藏了这些新图片。</translation>
    </message>
    <message>
        <source>1 of the {count} new images is hidden by the library&apos;s search and filters.</source>
        <translation>{count} 张新图片中有 1 张被图库的搜索和筛选隐藏了。</translation>
    </message>
    <message>
        <source>{hidden} of the {count} new images are hidden by the library&apos;s search and filters.</source>
        <translation>{count} 张新图片中有 {hidden} 张被图库的搜索和筛选隐藏了。</translation>
    </message>
    <message>
        <source>Those jobs are no longer in the library.</source>
        <translation>这些任务已不在图库中。</translation>
    </message>
    <message>
        <source>Those artworks are no longer in the library.</source>
        <translation>这些作品已不在图库中。</translation>
    </message>
    <message>
        <source>Nothing was sent: {reason}</source>
        <translation>没有发送任何内容：{reason}</translation>
    </message>
    <message>
        <source>Nothing more was sent: {reason}</source>
        <translation>没有再发送任何内容：{reason}</translation>
    </message>
    <message>
        <source>Nothing was sent: check the prompt, then press {keys} to generate.</source>
        <translation>没有发送任何内容：请检查提示词，然后按 {keys} 生成。</translation>
    </message>
    <message>
        <source>The clipboard holds no image or image file to use as a reference.</source>
        <translation>剪贴板中没有可用作参考图的图片或图片文件。</translation>
    </message>
    <message>
        <source>That program lets the file be moved only; Kontext Studio copies. Drag it from your file manager.</source>
        <translation>该程序只允许移动文件；Kontext Studio 只复制。请从文件管理器拖动它。</translation>
    </message>
    <message>
        <source>Name that bucket in the R2 settings again to deal with it there. If it can no longer be reached, forget the publication, which removes nothing.</source>
        <translation>请在 R2 设置中重新填写那个存储桶，在那里处理它。如果它已无法访问，请忘记这次发布（不会移除任何内容）。</translation>
    </message>
    <message>
        <source>Forget publication…</source>
        <translation>忘记发布…</translation>
    </message>
    <message>
        <source>Forget publications…</source>
        <translation>忘记这些发布…</translation>
    </message>
    <message>
        <source>Also published in another bucket: “{title}”.</source>
        <translation>另一件也发布在另一个存储桶中：“{title}”。</translation>
    </message>
    <message>
        <source>A stopped publish may also have left “{title}” in another bucket.</source>
        <translation>中途停止的发布可能也在另一个存储桶中留下了“{title}”。</translation>
    </message>
    <message>
        <source>{count} artworks are published in {buckets} other buckets than the one the R2 settings now name: {titles}.</source>
        <translation>有 {count} 件作品发布在另外 {buckets} 个存储桶中，而不是 R2 设置现在指向的存储桶：{titles}。</translation>
    </message>
    <message>
        <source>{count} artworks are published in {buckets} other buckets than the one the R2 settings now name, or a stopped publish may have left their images there: {titles}.</source>
        <translation>有 {count} 件作品发布在另外 {buckets} 个存储桶中，而不是 R2 设置现在指向的存储桶，或者中途停止的发布可能在那里留下了它们的图片：{titles}。</translation>
    </message>
    <message>
        <source>Switch the R2 settings back to each of their {n} old buckets in turn to deal with them there. If those can no longer be reached, forget their publications, which removes nothing; then publish them in the bucket the R2 settings name.</source>
        <translation>请依次把 R2 设置改回它们原来的 {n} 个存储桶，分别在那里处理它们。如果那些存储桶已无法访问，请忘记它们的发布（不会移除任何内容），然后把它们发布到 R2 设置指向的存储桶。</translation>
    </message>
    <message>
        <source>Name their old bucket in the R2 settings again to deal with them there. If it can no longer be reached, forget their publications, which removes nothing.</source>
        <translation>请在 R2 设置中重新填写它们原来的存储桶，在那里处理它们。如果它已无法访问，请忘记这些发布（不会移除任何内容）。</translation>
    </message>
    <message>
        <source>{count} artworks are published in another bucket than the one the R2 settings now name: {titles}.</source>
        <translation>有 {count} 件作品发布在另一个存储桶中，而不是 R2 设置现在指向的存储桶：{titles}。</translation>
    </message>
    <message>
        <source>Last &amp;messages…</source>
        <translation>最近的消息(&amp;M)…</translation>
    </message>
    <message>
        <source>{count} artworks are published in another bucket than the one the R2 settings now name, or a stopped publish may have left their images there: {titles}.</source>
        <translation>有 {count} 件作品发布在另一个存储桶中，而不是 R2 设置现在指向的存储桶，或者中途停止的发布可能在那里留下了它们的图片：{titles}。</translation>
    </message>
    <message>
        <source>Switch the R2 settings back to their old bucket to deal with them there. If it can no longer be reached, forget their publications, which removes nothing; then publish them in the bucket the R2 settings name.</source>
        <translation>请把 R2 设置改回原来的存储桶，在那里处理它们。如果那个存储桶已无法访问，请忘记它们的发布（不会移除任何内容），然后把它们发布到 R2 设置指向的存储桶。</translation>
    </message>
    <message>
        <source>Name each of their {n} old buckets in the R2 settings in turn to deal with them there. If those can no longer be reached, forget their publications, which removes nothing.</source>
        <translation>请依次在 R2 设置中重新填写它们原来的 {n} 个存储桶，分别在那里处理它们。如果那些存储桶已无法访问，请忘记这些发布（不会移除任何内容）。</translation>
    </message>
    <message>
        <source>{count} artworks are published in the bucket &apos;{bucket}&apos; at {host}, and publishing is not set up now: {titles}.</source>
        <translation>有 {count} 件作品发布在 {host} 的存储桶 &apos;{bucket}&apos; 中，而现在尚未设置发布：{titles}。</translation>
    </message>
    <message>
        <source>{count} artworks are published in the bucket &apos;{bucket}&apos; at {host}, or a stopped publish may have left their images there, and publishing is not set up now: {titles}.</source>
        <translation>有 {count} 件作品发布在 {host} 的存储桶 &apos;{bucket}&apos; 中，或者中途停止的发布可能在那里留下了它们的图片，而现在尚未设置发布：{titles}。</translation>
    </message>
    <message>
        <source>{count} artworks are published in {buckets} buckets, and publishing is not set up now: {titles}.</source>
        <translation>有 {count} 件作品发布在 {buckets} 个存储桶中，而现在尚未设置发布：{titles}。</translation>
    </message>
    <message>
        <source>{count} artworks are published in {buckets} buckets, or a stopped publish may have left their images there, and publishing is not set up now: {titles}.</source>
        <translation>有 {count} 件作品发布在 {buckets} 个存储桶中，或者中途停止的发布可能在那里留下了它们的图片，而现在尚未设置发布：{titles}。</translation>
    </message>
    <message>
        <source>The system keyring did not take the API key or the R2 secret, so both are kept for this session only.</source>
        <translation>系统密钥环没有接收 API 密钥和 R2 秘密访问密钥，因此两者都只在本次运行中保留。</translation>
    </message>
    <message>
        <source>A restart forgets them: to keep them, start Kontext Studio with KIE_API_KEY and R2_SECRET_ACCESS_KEY in the environment, or set up a system keyring.</source>
        <translation>重启后会丢失：若要保留，请在环境变量中设置 KIE_API_KEY 和 R2_SECRET_ACCESS_KEY 后启动 Kontext Studio，或设置系统密钥环。</translation>
    </message>
    <message>
        <source>Your R2 changes are kept for this session only: the system keyring has not taken the new R2 secret, and still holds the older one.</source>
        <translation>你的 R2 更改只在本次运行中保留：系统密钥环还没有接收新的 R2 秘密访问密钥，且仍保存着旧的密钥。</translation>
    </message>
    <message>
        <source>After a restart, publishing uses the older secret with the R2 settings saved with it. Type the new secret and save again once the keyring takes it: your R2 changes are saved with it.</source>
        <translation>重启后，发布会使用旧的秘密访问密钥以及与它一起保存的 R2 设置。请在密钥环能够接收时重新输入新的密钥并再次保存：你的 R2 更改会与它一起保存。</translation>
    </message>
    <message>
        <source>The system keyring did not take the new R2 secret, so it is kept for this session only.</source>
        <translation>系统密钥环没有接收新的 R2 秘密访问密钥，因此它只在本次运行中保留。</translation>
    </message>
    <message>
        <source>The system keyring did not answer when asked to store the R2 secret, so whether it holds it is not known: it is kept for this session only.</source>
        <translation>要求系统密钥环存储 R2 秘密访问密钥时，它没有响应，因此不知道它是否已保存：该密钥只在本次运行中保留。</translation>
    </message>
    <message>
        <source>The system keyring did not take the R2 secret, so it is kept for this session only.</source>
        <translation>系统密钥环没有接收 R2 秘密访问密钥，因此它只在本次运行中保留。</translation>
    </message>
    <message>
        <source>A restart forgets it: to publish after a restart, start Kontext Studio with R2_SECRET_ACCESS_KEY in the environment, or set up a system keyring.</source>
        <translation>重启后会丢失：若要在重启后发布，请在环境变量中设置 R2_SECRET_ACCESS_KEY 后启动 Kontext Studio，或设置系统密钥环。</translation>
    </message>
    <message>
        <source>Your API key is set: switch to live mode to generate with it. Until then a simulator on this computer makes the images.</source>
        <translation>你的 API 密钥已设置：切换到在线模式即可用它生成。在此之前，图片由本机上的模拟器生成。</translation>
    </message>
    <message>
        <source>The system keyring did not take the new R2 secret, so it and your R2 changes are kept for this session only.</source>
        <translation>系统密钥环没有接收新的 R2 秘密访问密钥，因此它和你的 R2 更改只在本次运行中保留。</translation>
    </message>
    <message>
        <source>Your R2 changes are kept for this session only: the system keyring has not taken the new R2 secret.</source>
        <translation>你的 R2 更改只在本次运行中保留：系统密钥环还没有接收新的 R2 秘密访问密钥。</translation>
    </message>
    <message>
        <source>The keyring could not be read, so it may hold an older secret, which publishing would use after a restart: the R2 settings saved with it are kept as they were. Type the new secret and save again once the keyring can be read, or start Kontext Studio with R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>无法读取密钥环，它可能仍保存着旧的秘密访问密钥，重启后发布会使用它：与它一起保存的 R2 设置保持原样。请在密钥环能够读取时重新输入新的密钥并再次保存，或在环境变量 R2_SECRET_ACCESS_KEY 中设置后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>The system keyring did not answer when asked to store the API key, so whether it holds it is not known: it is kept for this session only.</source>
        <translation>要求系统密钥环存储 API 密钥时，它没有响应，因此不知道它是否已保存：该密钥只在本次运行中保留。</translation>
    </message>
    <message>
        <source>The system keyring did not take the API key, so it is kept for this session only.</source>
        <translation>系统密钥环没有接收 API 密钥，因此它只在本次运行中保留。</translation>
    </message>
    <message>
        <source>The keyring still holds the older key, which Kontext Studio uses after a restart: save the new one again once the keyring takes it.</source>
        <translation>密钥环中仍保存着旧的密钥，重启后 Kontext Studio 会使用它：请在密钥环能够接收时再次保存新的密钥。</translation>
    </message>
    <message>
        <source>The API key was saved in the system keyring.</source>
        <translation>API 密钥已保存到系统密钥环。</translation>
    </message>
    <message>
        <source>The system keyring already holds this API key: it is unchanged.</source>
        <translation>系统密钥环中已保存这个 API 密钥：它没有改变。</translation>
    </message>
    <message>
        <source>The API key in use was saved in the system keyring.</source>
        <translation>正在使用的 API 密钥已保存到系统密钥环。</translation>
    </message>
    <message>
        <source>The system keyring did not take the API key. It is the key in use already, which stays in use.</source>
        <translation>系统密钥环没有接收 API 密钥。它就是正在使用的密钥，会继续使用。</translation>
    </message>
    <message>
        <source>The API key was removed.</source>
        <translation>API 密钥已移除。</translation>
    </message>
    <message>
        <source>The keyring could not be read, so any key it holds already is the one a restart uses: to keep this one, unlock the system keyring (or allow Kontext Studio access when it asks) and save it again.</source>
        <translation>无法读取密钥环，因此重启后使用的是它已保存的密钥（如果有）：若要保留这一个，请解锁系统密钥环（或在它询问时允许 Kontext Studio 访问），然后再保存一次。</translation>
    </message>
    <message>
        <source>The keyring did not answer, so any key it holds already is the one a restart uses: to keep this one, save it again once the system keyring answers (restart its service, or log out and back in).</source>
        <translation>密钥环没有响应，因此重启后使用的是它已保存的密钥（如果有）：若要保留这一个，请在系统密钥环有响应时再保存一次（可重启它的服务，或注销后重新登录）。</translation>
    </message>
    <message>
        <source>The keyring could not be read, so any key or secret it holds already is what a restart uses: to keep these, unlock the system keyring (or allow Kontext Studio access when it asks) and save them again.</source>
        <translation>无法读取密钥环，因此重启后使用的是它已保存的密钥或秘密访问密钥（如果有）：若要保留这些，请解锁系统密钥环（或在它询问时允许 Kontext Studio 访问），然后再保存一次。</translation>
    </message>
    <message>
        <source>The keyring did not answer, so any key or secret it holds already is what a restart uses: to keep these, save them again once the system keyring answers (restart its service, or log out and back in).</source>
        <translation>密钥环没有响应，因此重启后使用的是它已保存的密钥或秘密访问密钥（如果有）：若要保留这些，请在系统密钥环有响应时再保存一次（可重启它的服务，或注销后重新登录）。</translation>
    </message>
    <message>
        <source>The stored API key was removed.</source>
        <translation>已存储的 API 密钥已移除。</translation>
    </message>
    <message>
        <source>The key from KIE_API_KEY in the environment stays in use.</source>
        <translation>环境变量 KIE_API_KEY 中的密钥仍在使用。</translation>
    </message>
    <message>
        <source>Kontext Studio uses the key from KIE_API_KEY in the environment after a restart.</source>
        <translation>重启后 Kontext Studio 会使用环境变量 KIE_API_KEY 中的密钥。</translation>
    </message>
    <message>
        <source>The API key stored in the system keyring is damaged, so the switch did not happen.</source>
        <translation>系统密钥环中保存的 API 密钥已损坏，因此未能切换。</translation>
    </message>
    <message>
        <source>Set one in {settings_menu}.</source>
        <translation>请在“{settings_menu}”中设置一个。</translation>
    </message>
    <message>
        <source>The system keyring does not answer. Switch again; if it still does not answer, restart its service (or log out and back in).</source>
        <translation>系统密钥环没有响应。请再切换一次；如果它仍然没有响应，请重启它的服务（或注销后重新登录）。</translation>
    </message>
    <message>
        <source>Wait until publishing has finished, then switch again: switching now would stop it.</source>
        <translation>请等发布完成后再切换一次：现在切换会中断发布。</translation>
    </message>
    <message>
        <source>Wait until the Delete has finished, then switch again: switching now would stop it.</source>
        <translation>请等删除完成后再切换一次：现在切换会中断删除。</translation>
    </message>
    <message>
        <source>Wait until the images are saved, then switch again: switching now would stop saving them.</source>
        <translation>请等图片保存完成后再切换一次：现在切换会中断保存。</translation>
    </message>
    <message>
        <source>Wait until the Upload tab has added its files, then switch again: switching now would stop it.</source>
        <translation>请等“上传”页把文件加入图库后再切换一次：现在切换会中断添加。</translation>
    </message>
    <message>
        <source>Your last Delete did not finish before the switch: 1 artwork was not deleted.</source>
        <translation>你上一次删除在切换模式前未完成：有 1 件作品未删除。</translation>
    </message>
    <message>
        <source>Your last Delete did not finish before the switch: {count} artworks were not deleted.</source>
        <translation>你上一次删除在切换模式前未完成：有 {count} 件作品未删除。</translation>
    </message>
    <message>
        <source>Kontext Studio closed before your last Delete had finished: 1 artwork was not deleted.</source>
        <translation>Kontext Studio 在你上一次删除完成前关闭了：有 1 件作品未删除。</translation>
    </message>
    <message>
        <source>It is still in the library: delete it again.</source>
        <translation>它仍在图库中：请再删除一次。</translation>
    </message>
    <message>
        <source>Kontext Studio closed before your last Delete had finished: {count} artworks were not deleted.</source>
        <translation>Kontext Studio 在你上一次删除完成前关闭了：有 {count} 件作品未删除。</translation>
    </message>
    <message>
        <source>They are still in the library: delete them again.</source>
        <translation>它们仍在图库中：请再删除一次。</translation>
    </message>
    <message>
        <source>The KIE API key in KIE_API_KEY cannot be used, so a simulator on this computer makes the images. {where}</source>
        <translation>KIE_API_KEY 中的 KIE API 密钥无法使用，因此图片由本机上的模拟器生成。{where}</translation>
    </message>
    <message>
        <source>The KIE API key in KIE_API_KEY cannot be used, so Kontext Studio is in demo mode.</source>
        <translation>KIE_API_KEY 中的 KIE API 密钥无法使用，因此 Kontext Studio 处于演示模式。</translation>
    </message>
    <message>
        <source>It comes from the KIE_API_KEY variable: correct it there, or set a key in {settings_menu}.</source>
        <translation>它来自 KIE_API_KEY 环境变量：请在那里更正，或在“{settings_menu}”中设置密钥。</translation>
    </message>
    <message>
        <source>Set the key again in {settings_menu}.</source>
        <translation>请在“{settings_menu}”中重新设置密钥。</translation>
    </message>
    <message>
        <source>The saved KIE API key cannot be used, so a simulator on this computer makes the images. {where}</source>
        <translation>已保存的 KIE API 密钥无法使用，因此图片由本机上的模拟器生成。{where}</translation>
    </message>
    <message>
        <source>Enter the key again in Settings: it replaces the damaged entry.</source>
        <translation>请在“设置”中重新输入密钥：它会替换已损坏的条目。</translation>
    </message>
    <message>
        <source>The API key stored in the system keyring is damaged, so Kontext Studio is in demo mode.</source>
        <translation>系统密钥环中保存的 API 密钥已损坏，因此 Kontext Studio 处于演示模式。</translation>
    </message>
    <message>
        <source>The API key stored in the system keyring is damaged, so a simulator on this computer makes the images. {todo}</source>
        <translation>系统密钥环中保存的 API 密钥已损坏，因此由本机上的模拟器生成图片。{todo}</translation>
    </message>
    <message>
        <source>The form holds another prompt or reference than those jobs had: set theirs again to make them.</source>
        <translation>表单中现在的提示词或参考图已不是这些任务的：请重新设置它们原来的提示词和参考图，再来创建。</translation>
    </message>
    <message>
        <source>The prompt and the reference are back, set to {shown} of the {count} images not made: press Generate again to make those.</source>
        <translation>提示词和参考图已恢复，图片数已设为未创建的 {count} 张中的 {shown} 张：请再次点击生成来创建这几张。</translation>
    </message>
    <message>
        <source>The prompt and the reference are back, set to the 1 image not made: press Generate again to make it.</source>
        <translation>提示词和参考图已恢复，图片数已设为未创建的 1 张：请再次点击生成来创建它。</translation>
    </message>
    <message>
        <source>The prompt and the reference are back, set to the {count} images not made: press Generate again to make them.</source>
        <translation>提示词和参考图已恢复，图片数已设为未创建的 {count} 张：请再次点击生成来创建它们。</translation>
    </message>
    <message>
        <source>Kontext Studio is not writing its log file ({reason}).</source>
        <translation>Kontext Studio 没有写入日志文件（{reason}）。</translation>
    </message>
    <message>
        <source>Everything else works as usual. Once that folder can be used, the log is written again from the next start.</source>
        <translation>其他一切照常。待该文件夹可以使用后，下次启动时会重新写入日志。</translation>
    </message>
    <message>
        <source>Settings saved. The settings file they replaced could not be read: it was kept as {path}.</source>
        <translation>设置已保存。被替换的设置文件无法读取，已保留为 {path}。</translation>
    </message>
    <message>
        <source>Open it in a text editor to find anything you had set there by hand.</source>
        <translation>可用文本编辑器打开它，找回你曾在其中手动设置的内容。</translation>
    </message>
    <message>
        <source>The layout is back to how it first was.</source>
        <translation>布局已恢复为最初的样子。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Ne&amp;xt tab</source>
        <translation>下一个标签页(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Previous tab</source>
        <translation>上一个标签页(&amp;P)</translation>
    </message>
    <message>
        <source>The artwork this edit came from is no longer in the library.</source>
        <translation>这次编辑所用的作品已不在图库中。</translation>
    </message>
    <message>
        <source>The library&apos;s search and filters were cleared to show that artwork.</source>
        <translation>已清除图库的搜索和筛选，以显示该作品。</translation>
    </message>
    <message>
        <source>Your KIE account does not have enough credits, so jobs cannot be made.</source>
        <translation>你的 KIE 账户积分不足，因此无法生成任务。</translation>
    </message>
    <message>
        <source>Only reference images were uploaded to KIE (uploads are free); the jobs themselves did not reach KIE this time, so these sends were not charged. Check your internet connection, then retry them.</source>
        <translation>只有参考图上传到了 KIE（上传免费）；任务本身这次没有到达 KIE，因此这些发送未扣费。请检查网络连接，然后重试。</translation>
    </message>
    <message>
        <source>These sends did not reach KIE, so they were not charged. Check your internet connection, then retry them.</source>
        <translation>这些发送没有到达 KIE，因此未扣费。请检查网络连接，然后重试。</translation>
    </message>
    <message>
        <source>These sends did not reach KIE’s generate call, so they were not charged. Retry them in a while.</source>
        <translation>这些发送没有到达 KIE 的生成接口，因此未扣费。请稍后重试。</translation>
    </message>
    <message>
        <source>KIE rejected the API key, so jobs cannot be made.</source>
        <translation>KIE 拒绝了此 API 密钥，因此无法生成任务。</translation>
    </message>
    <message>
        <source>Open Settings and enter a valid KIE API key, then retry the jobs it stopped.</source>
        <translation>请打开“设置”，输入有效的 KIE API 密钥，然后重试因此停止的任务。</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Nothing left to send: another window or command has already sent this job again, or deleted it.</source>
        <translation>没有可发送的任务了：另一个窗口或命令已重新发送了此任务，或已将其删除。</translation>
    </message>
    <message>
        <source>Nothing left to send: another window or command has already sent these {count} jobs again, or deleted them.</source>
        <translation>没有可发送的任务了：另一个窗口或命令已重新发送了这 {count} 个任务，或已将其删除。</translation>
    </message>
    <message>
        <source>Sent {sent} of {count} jobs again: another window or command had already sent the other one again, or deleted it.</source>
        <translation>已重新发送 {count} 个任务中的 {sent} 个：另一个窗口或命令已重新发送了另外那个任务，或已将其删除。</translation>
    </message>
    <message>
        <source>Sent {sent} of {count} jobs again: another window or command had already sent the other {passed} again, or deleted them.</source>
        <translation>已重新发送 {count} 个任务中的 {sent} 个：另一个窗口或命令已重新发送了另外 {passed} 个任务，或已将其删除。</translation>
    </message>
    <message>
        <source>The new API key is not in use yet: switch to live mode to make images with it.</source>
        <translation>新的 API 密钥尚未启用：切换到在线模式即可用它生成图片。</translation>
    </message>
    <message>
        <source>They were sent with the old API key: use the new one, then retry the jobs it stopped.</source>
        <translation>这些任务是用旧的 API 密钥发送的：请使用新密钥，然后重试因此停止的任务。</translation>
    </message>
    <message>
        <source>Top up at kie.ai, then retry the jobs it stopped.</source>
        <translation>请前往 kie.ai 充值，然后重试因此停止的任务。</translation>
    </message>
    <message>
        <source>Open kie.ai</source>
        <translation>打开 kie.ai</translation>
    </message>
    <message>
        <source>The demo balance has run out, so demo jobs cannot be made.</source>
        <translation>演示余额已用完，因此无法生成演示任务。</translation>
    </message>
    <message>
        <source>No web browser could be opened: go to {site} to top up.</source>
        <translation>无法打开网页浏览器：请前往 {site} 充值。</translation>
    </message>
    <message>
        <source>The library&apos;s search and filters were cleared to show them.</source>
        <translation>已清除图库的搜索和筛选，以显示它们。</translation>
    </message>
    <message>
        <source>That artwork is no longer in the library.</source>
        <translation>该作品已不在图库中。</translation>
    </message>
    <message>
        <source>That job is no longer in the library.</source>
        <translation>该任务已不在图库中。</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts…</source>
        <translation>键盘快捷键(&amp;K)…</translation>
    </message>
    <message>
        <source>“{title}” is saved. It no longer matches the search, so the library does not show it: Esc in the search box clears the search.</source>
        <translation>“{title}”已保存。它不再符合搜索条件，因此图库不再显示它：在搜索框中按 Esc 即可清除搜索。</translation>
    </message>
    <message>
        <source>“{title}” is published: its copy in your R2 bucket keeps its old details.</source>
        <translation>“{title}”已发布：它在你的 R2 存储桶中的副本仍保留原来的详情。</translation>
    </message>
    <message>
        <source>{count} of them are published: their copies in your R2 bucket keep their old details.</source>
        <translation>其中 {count} 件已发布：它们在你的 R2 存储桶中的副本仍保留原来的详情。</translation>
    </message>
    <message>
        <source>Publish again to send the new ones; the link stays the same.</source>
        <translation>再次发布即可发送新的详情；链接保持不变。</translation>
    </message>
    <message>
        <source>Publish again</source>
        <translation>再次发布</translation>
    </message>
    <message>
        <source>To keep them after a restart, unlock the system keyring (or allow Kontext Studio access when it asks) and save them again, or start Kontext Studio with KIE_API_KEY and R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>若要在重启后保留它们，请解锁系统密钥环（或在它询问时允许 Kontext Studio 访问）后再次保存，或在环境变量中设置 KIE_API_KEY 和 R2_SECRET_ACCESS_KEY 后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>To keep them after a restart, save them again once the system keyring answers (restart its service, or log out and back in), or start Kontext Studio with KIE_API_KEY and R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>若要在重启后保留它们，请在系统密钥环恢复响应（可重启它的服务，或注销后重新登录）后再次保存，或在环境变量中设置 KIE_API_KEY 和 R2_SECRET_ACCESS_KEY 后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>The keyring still holds the older secret, which publishing uses after a restart with the R2 settings saved with it, kept as they were: save the new one again once the keyring takes it, or start Kontext Studio with R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>密钥环中仍保存着旧的秘密访问密钥，重启后发布会使用它，以及与它一起保存、保持原样的 R2 设置：请在密钥环能够接收时再次保存新的密钥，或在环境变量 R2_SECRET_ACCESS_KEY 中设置后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>To publish with it after a restart, unlock the system keyring (or allow Kontext Studio access when it asks) and save the secret again, or start Kontext Studio with R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>若要在重启后用它发布，请解锁系统密钥环（或在它询问时允许 Kontext Studio 访问）后再次保存该密钥，或在环境变量中设置 R2_SECRET_ACCESS_KEY 后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>To publish with it after a restart, save the secret again once the system keyring answers (restart its service, or log out and back in), or start Kontext Studio with R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>若要在重启后用它发布，请在系统密钥环恢复响应（可重启它的服务，或注销后重新登录）后再次保存该密钥，或在环境变量中设置 R2_SECRET_ACCESS_KEY 后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>Settings saved. The new language shows after Kontext Studio restarts.</source>
        <translation>设置已保存。新的语言需重启 Kontext Studio 后才会生效。</translation>
    </message>
    <message>
        <source>A restart forgets it. To keep it, start Kontext Studio with the key in the KIE_API_KEY environment variable, or set up a system keyring.</source>
        <translation>重启后会丢失。若要保留，请在环境变量 KIE_API_KEY 中设置密钥后启动 Kontext Studio，或设置系统密钥环。</translation>
    </message>
    <message>
        <source>To keep it after a restart, unlock the system keyring (or allow Kontext Studio access when it asks) and save the key again, or start Kontext Studio with the key in the KIE_API_KEY environment variable.</source>
        <translation>若要在重启后保留它，请解锁系统密钥环（或在它询问时允许 Kontext Studio 访问）后再次保存密钥，或在环境变量 KIE_API_KEY 中设置密钥后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>To keep it after a restart, save the key again once the system keyring answers (restart its service, or log out and back in), or start Kontext Studio with the key in the KIE_API_KEY environment variable.</source>
        <translation>若要在重启后保留它，请在系统密钥环恢复响应（可重启它的服务，或注销后重新登录）后再次保存密钥，或在环境变量 KIE_API_KEY 中设置密钥后启动 Kontext Studio。</translation>
    </message>
    <message>
        <source>Demo jobs still running wait until demo mode comes back.</source>
        <translation>仍在运行的演示任务会等到切回演示模式时继续。</translation>
    </message>
    <message>
        <source>Live jobs still running wait until live mode comes back.</source>
        <translation>仍在运行的在线任务会等到切回在线模式时继续。</translation>
    </message>
    <message>
        <source>Jobs still running carry on after the switch.</source>
        <translation>仍在运行的任务在切换后继续。</translation>
    </message>
    <message>
        <source>Switch to live mode</source>
        <translation>切换到在线模式</translation>
    </message>
    <message>
        <source>Use the new key</source>
        <translation>使用新密钥</translation>
    </message>
    <message>
        <source>Switch to demo mode</source>
        <translation>切换到演示模式</translation>
    </message>
    <message>
        <source>No API key is stored, so the switch did not happen.</source>
        <translation>没有保存 API 密钥，因此没有切换。</translation>
    </message>
    <message>
        <source>The API key cannot be read now, so the switch did not happen.</source>
        <translation>现在读不到 API 密钥，因此没有切换。</translation>
    </message>
    <message>
        <source>The system keyring may be locked: unlock it, then switch again.</source>
        <translation>系统密钥环可能已锁定：请先解锁，再切换一次。</translation>
    </message>
    <message>
        <source>The saved KIE API key cannot be used, so Kontext Studio is in demo mode.</source>
        <translation>已保存的 KIE API 密钥无法使用，因此 Kontext Studio 处于演示模式。</translation>
    </message>
    <message>
        <source>Switch to live mode to try again; if the keyring still does not answer, restart its service (or log out and back in), then switch again.</source>
        <translation>请切换到在线模式重试；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录），然后再切换一次。</translation>
    </message>
    <message>
        <source>The system keyring cannot be read, so Kontext Studio is in demo mode.</source>
        <translation>无法读取系统密钥环，因此 Kontext Studio 处于演示模式。</translation>
    </message>
    <message>
        <source>Unlock the keyring, then switch to live mode.</source>
        <translation>请解锁密钥环，然后切换到在线模式。</translation>
    </message>
    <message>
        <source>The system keyring cannot be read, so a simulator on this computer makes the images. {todo}</source>
        <translation>无法读取系统密钥环，因此图片由本机上的模拟器生成。{todo}</translation>
    </message>
    <message>
        <source>The switch did not happen: Kontext Studio is still in demo mode.</source>
        <translation>未能切换：Kontext Studio 仍处于演示模式。</translation>
    </message>
    <message>
        <source>The switch did not happen: Kontext Studio is still in live mode.</source>
        <translation>未能切换：Kontext Studio 仍处于在线模式。</translation>
    </message>
    <message>
        <source>Your unsent work from the last time Kontext Studio ran is back.</source>
        <translation>上次运行 Kontext Studio 时未发出的内容已恢复。</translation>
    </message>
    <message>
        <source>The prompt and the Upload tab&apos;s files are as you left them.</source>
        <translation>提示词和“上传”页的文件都和你离开时一样。</translation>
    </message>
    <message>
        <source>Your work from the last time Kontext Studio ran could not be kept: its file could not be written to.</source>
        <translation>上次运行 Kontext Studio 时的工作未能保留：无法写入它的文件。</translation>
    </message>
    <message>
        <source>Your work cleared the last time Kontext Studio ran could not be removed: its folder could not be written to.</source>
        <translation>上次运行 Kontext Studio 时清除的工作未能移除：无法写入它所在的文件夹。</translation>
    </message>
    <message>
        <source>What came back is your work as it was saved before.</source>
        <translation>恢复的是你之前保存时的工作。</translation>
    </message>
    <message>
        <source>Your last Generate made {made} of its {asked} jobs; the other one was not made: {cut} while it was being made.</source>
        <translation>上次生成的 {asked} 个任务只创建了 {made} 个，剩下的 1 个未创建：创建它时{cut}。</translation>
    </message>
    <message>
        <source>Your last Generate made {made} of its {asked} jobs; the other {count} were not made: {cut} while they were being made.</source>
        <translation>上次生成的 {asked} 个任务只创建了 {made} 个，其余 {count} 个未创建：创建它们时{cut}。</translation>
    </message>
    <message>
        <source>The job of your last Generate was not made: {cut} while it was being made.</source>
        <translation>上次生成的任务未创建：创建它时{cut}。</translation>
    </message>
    <message>
        <source>The {count} jobs of your last Generate were not made: {cut} while they were being made.</source>
        <translation>上次生成的 {count} 个任务未创建：创建它们时{cut}。</translation>
    </message>
    <message>
        <source>you changed the API key</source>
        <translation>你更换了 API 密钥</translation>
    </message>
    <message>
        <source>The prompt and the reference are back: press Generate again.</source>
        <translation>提示词和参考图已恢复：请再次点击生成。</translation>
    </message>
    <message>
        <source>About Kontext Studio</source>
        <translation>关于 Kontext Studio</translation>
    </message>
    <message>
        <source>Make and edit images with KIE&apos;s Flux Kontext models, keep them in a local library and publish them to Cloudflare R2.</source>
        <translation>使用 KIE 的 Flux Kontext 模型生成和编辑图片，保存在本地图库中，并发布到 Cloudflare R2。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Library repaired</source>
        <translation>图库已修复</translation>
    </message>
    <message>
        <source>The library file was damaged, so a new, empty library was started.</source>
        <translation>图库文件已损坏，因此已新建一个空图库。</translation>
    </message>
    <message>
        <source>Your image files were not touched. The damaged file was kept as:
{path}
Keep it if you want to try to recover the old list.</source>
        <translation>你的图片文件没有受到影响。损坏的文件已保留为：
{path}
如果想尝试恢复原来的列表，请保留该文件。</translation>
    </message>
    <message>
        <source>Show in the library</source>
        <translation>在图库中显示</translation>
    </message>
    <message>
        <source>It says Outcome unknown in the library. If its task is in the logs of your account on kie.ai, Enter task ID… brings its image without paying again; Resubmit sends it again, asking first.</source>
        <translation>它在图库中显示为“结果未知”。如果它的任务出现在你的 kie.ai 账户日志中，“输入任务 ID…”无需再次付费即可取回图片；“重新提交”会先询问，再重新发送。</translation>
    </message>
    <message>
        <source>They say Outcome unknown in the library. Show in the library selects them all. One whose task is in the logs of your account on kie.ai can be given it (Enter task ID…), without paying again; Resubmit sends them again at once, asking first.</source>
        <translation>它们在图库中显示为“结果未知”。“在图库中显示”会全部选中它们。任务出现在你的 kie.ai 账户日志中的，可以为它输入任务 ID（“输入任务 ID…”），无需再次付费；“重新提交”会先询问一次，再把它们一起重新发送。</translation>
    </message>
    <message>
        <source>A job was being sent to the demo server when Kontext Studio stopped: whether it was made is unknown.</source>
        <translation>Kontext Studio 停止时，有 1 个任务正在发送到演示服务器：不知道它是否已生成。</translation>
    </message>
    <message>
        <source>It says Outcome unknown in the library. Resubmit sends it again: a demo job uses no real credits.</source>
        <translation>它在图库中显示为“结果未知”。“重新提交”会再次发送它：演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>{count} jobs were being sent to the demo server when Kontext Studio stopped: whether they were made is unknown.</source>
        <translation>Kontext Studio 停止时，有 {count} 个任务正在发送到演示服务器：不知道它们是否已生成。</translation>
    </message>
    <message>
        <source>They say Outcome unknown in the library. Show in the library selects them all, and Resubmit sends them again at once: a demo job uses no real credits.</source>
        <translation>它们在图库中显示为“结果未知”。“在图库中显示”会全部选中它们，“重新提交”会把它们一起重新发送：演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>A job was being sent to KIE when Kontext Studio stopped: whether KIE made it, and charged for it, is unknown.</source>
        <translation>Kontext Studio 停止时，有 1 个任务正在发送到 KIE：不知道 KIE 是否已生成它并为此扣费。</translation>
    </message>
    <message>
        <source>{count} jobs were being sent to KIE when Kontext Studio stopped: whether KIE made them, and charged for them, is unknown.</source>
        <translation>Kontext Studio 停止时，有 {count} 个任务正在发送到 KIE：不知道 KIE 是否已生成它们并为此扣费。</translation>
    </message>
    <message>
        <source>A job was being sent to the demo server by a kontext-studio command, which has stopped: whether it was made is unknown.</source>
        <translation>一个 kontext-studio 命令正在把 1 个任务发送到演示服务器时停止了：不知道它是否已生成。</translation>
    </message>
    <message>
        <source>Your work from the last time Kontext Studio ran could not be kept: the disk was full.</source>
        <translation>上次运行 Kontext Studio 时的工作未能保留：磁盘已满。</translation>
    </message>
    <message>
        <source>Free some disk space so that your work is kept this time.</source>
        <translation>请释放一些磁盘空间，这次的工作才能保留下来。</translation>
    </message>
    <message>
        <source>Make sure {file} is a file you can write to: not a folder, not read-only, not open in another program.</source>
        <translation>请确认 {file} 是一个你可以写入的文件：不是文件夹，不是只读的，也没有在其他程序中打开。</translation>
    </message>
    <message>
        <source>Your work from the last time Kontext Studio ran could not be kept: its folder could not be written to.</source>
        <translation>上次运行 Kontext Studio 时的工作未能保留：无法写入它所在的文件夹。</translation>
    </message>
    <message>
        <source>Make sure you can write to the folder {folder}.</source>
        <translation>请确认你可以写入文件夹 {folder}。</translation>
    </message>
    <message>
        <source>The job of your last Generate was not made: {cut} while its reference image was still being prepared.</source>
        <translation>上次生成的任务未创建：其参考图仍在准备中时{cut}。</translation>
    </message>
    <message>
        <source>The {count} jobs of your last Generate were not made: {cut} while their reference image was still being prepared.</source>
        <translation>上次生成的 {count} 个任务未创建：它们的参考图仍在准备中时{cut}。</translation>
    </message>
    <message>
        <source>Kontext Studio closed</source>
        <translation>Kontext Studio 关闭了</translation>
    </message>
    <message>
        <source>you switched to demo mode</source>
        <translation>你切换到了演示模式</translation>
    </message>
    <message>
        <source>you switched to live mode</source>
        <translation>你切换到了在线模式</translation>
    </message>
    <message>
        <source>Last messages</source>
        <translation>最近的消息</translation>
    </message>
    <message>
        <source>The library file was damaged, so a new library was started with the 1 artwork that could still be read from it.</source>
        <translation>图库文件已损坏，因此已新建一个图库，其中包含仍可从中读取的 1 件作品。</translation>
    </message>
    <message>
        <source>The library file was damaged, so a new library was started with the {count} artworks that could still be read from it.</source>
        <translation>图库文件已损坏，因此已新建一个图库，其中包含仍可从中读取的 {count} 件作品。</translation>
    </message>
    <message>
        <source>{count} jobs were being sent to the demo server by a kontext-studio command, which has stopped: whether they were made is unknown.</source>
        <translation>一个 kontext-studio 命令正在把 {count} 个任务发送到演示服务器时停止了：不知道它们是否已生成。</translation>
    </message>
    <message>
        <source>A job was being sent to KIE by a kontext-studio command, which has stopped: whether KIE made it, and charged for it, is unknown.</source>
        <translation>一个 kontext-studio 命令正在把 1 个任务发送到 KIE 时停止了：不知道 KIE 是否已生成它、是否已为它扣费。</translation>
    </message>
    <message>
        <source>{count} jobs were being sent to KIE by a kontext-studio command, which has stopped: whether KIE made them, and charged for them, is unknown.</source>
        <translation>一个 kontext-studio 命令正在把 {count} 个任务发送到 KIE 时停止了：不知道 KIE 是否已生成它们、是否已为它们扣费。</translation>
    </message>
    <message>
        <source>1 job sent to KIE in live mode waits: demo mode cannot follow it.</source>
        <translation>有 1 个在在线模式下发送给 KIE 的任务在等待：演示模式无法跟进它。</translation>
    </message>
    <message>
        <source>{count} jobs sent to KIE in live mode wait: demo mode cannot follow them.</source>
        <translation>有 {count} 个在在线模式下发送给 KIE 的任务在等待：演示模式无法跟进它们。</translation>
    </message>
    <message>
        <source>It carries on, without being paid for again, when Kontext Studio starts with your API key.</source>
        <translation>使用你的 API 密钥启动 Kontext Studio 后，它会继续，不会重复扣费。</translation>
    </message>
    <message>
        <source>They carry on, without being paid for again, when Kontext Studio starts with your API key.</source>
        <translation>使用你的 API 密钥启动 Kontext Studio 后，它们会继续，不会重复扣费。</translation>
    </message>
    <message>
        <source>1 demo job waits: only demo mode can finish it.</source>
        <translation>有 1 个演示任务在等待：只有演示模式能完成它。</translation>
    </message>
    <message>
        <source>{count} demo jobs wait: only demo mode can finish them.</source>
        <translation>有 {count} 个演示任务在等待：只有演示模式能完成它们。</translation>
    </message>
    <message>
        <source>Cancel them in the library if you no longer need them.</source>
        <translation>如果不再需要，可在图库中取消它们。</translation>
    </message>
    <message>
        <source>Some settings could not be used, so their defaults apply: {names}</source>
        <translation>部分设置无法使用，已改用默认值：{names}</translation>
    </message>
    <message>
        <source>Choose them again in Settings; the log file says what was wrong.</source>
        <translation>请在设置中重新选择；日志文件中写明了问题所在。</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Error: {words}</source>
        <translation>错误：{words}</translation>
    </message>
    <message>
        <source>Information: {words}</source>
        <translation>信息：{words}</translation>
    </message>
</context>
<context>
    <name>ModeIndicator</name>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Demo: results are simulated</source>
        <translation>演示模式：结果为模拟生成</translation>
    </message>
    <message>
        <source>Live mode: jobs are sent to KIE and use your credits.</source>
        <translation>在线模式：任务发送到 KIE，并使用你的积分。</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Live mode</source>
        <translation>在线模式</translation>
    </message>
    <message>
        <source>No KIE API key is set, so a simulator on this computer makes the images. Add your key in Settings to generate for real.</source>
        <translation>尚未设置 KIE API 密钥，图片由本机上的模拟器生成。在设置中添加密钥即可真实生成。</translation>
    </message>
</context>
<context>
    <name>NamedWhenCut</name>
    <message>
        <source>{name} ({key})</source>
        <translation>{name}（{key}）</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Images ready</source>
        <translation>图片已完成</translation>
    </message>
    <message>
        <source>{count} images are ready.</source>
        <translation>{count} 张图片已完成。</translation>
    </message>
    <message>
        <source>Jobs did not finish</source>
        <translation>任务未完成</translation>
    </message>
    <message>
        <source>Jobs ended</source>
        <translation>任务已结束</translation>
    </message>
    <message>
        <source>Ready: {ready}. Did not finish: {stopped} (the library says why).</source>
        <translation>已完成：{ready}。未完成：{stopped}（图库中写明了原因）。</translation>
    </message>
    <message>
        <source>{count} jobs did not finish, for different reasons.</source>
        <translation>有 {count} 个任务未完成，原因各不相同。</translation>
    </message>
    <message>
        <source>Jobs were not sent</source>
        <translation>任务未发送</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: KIE cannot be reached. Only reference images were uploaded; these sends were not charged.</source>
        <translation>有 {count} 个任务未能发送：无法连接 KIE。只上传了参考图，这些发送未扣费。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: KIE cannot be reached. These sends did not reach KIE and were not charged.</source>
        <translation>有 {count} 个任务未能发送：无法连接 KIE。这些发送没有到达 KIE，未扣费。</translation>
    </message>
    <message>
        <source>The demo server no longer accepts the link to this image. If you have a copy from a backup, put it in its place, under the same name.</source>
        <translation>演示服务器已不再接受这张图片的链接。如果备份中有副本，请以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>KIE no longer accepts the link to this image. If you have a copy from a backup, put it in its place, under the same name.</source>
        <translation>KIE 已不再接受这张图片的链接。如果备份中有副本，请以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>The demo server said it has deleted this image. If you have a copy from a backup, put it in its place, under the same name.</source>
        <translation>演示服务器表示已删除这张图片。如果备份中有副本，请以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>KIE said it has deleted this image. If you have a copy from a backup, put it in its place, under the same name.</source>
        <translation>KIE 表示已删除这张图片。如果备份中有副本，请以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: the demo server stopped answering.</source>
        <translation>有 {count} 个任务未能发送：演示服务器停止了应答。</translation>
    </message>
    <message>
        <source>{count} jobs did not finish.</source>
        <translation>有 {count} 个任务未完成。</translation>
    </message>
    <message>
        <source>{count} jobs could not be sent: their reference images could not be uploaded. These sends were not charged.</source>
        <translation>有 {count} 个任务未能发送：它们的参考图未能上传。这些发送未扣费。</translation>
    </message>
    <message>
        <source>Image ready</source>
        <translation>图片已完成</translation>
    </message>
    <message>
        <source>Image not downloaded again</source>
        <translation>图片未能重新下载</translation>
    </message>
    <message>
        <source>Job did not finish</source>
        <translation>任务未完成</translation>
    </message>
</context>
<context>
    <name>OverviewDialog</name>
    <message>
        <source>On a Mac, ⌘ is Command, ⌥ is Option, ⌃ is Control.</source>
        <translation>在 Mac 上，⌘ 是 Command 键，⌥ 是 Option 键，⌃ 是 Control 键。</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>更多…</translation>
    </message>
    <message>
        <source>Where these words say Ctrl, press ⌘ (Ctrl+click: ⌘-click). In a text field, Option and a letter or a digit types its character (∫, ™), as in every Mac program; in a key&apos;s field, which never holds one, it is Settings&apos; key: Option+H shows or hides the key.</source>
        <translation>这里的文字说 Ctrl 处，请按 ⌘（Ctrl+点击：⌘-点击）。在文本框中，Option 加字母或数字键会输入相应字符（∫、™），与所有 Mac 程序一样；密钥输入框中从不会有这些字符，因此在那里它是“设置”的快捷键：Option+H 显示或隐藏密钥。</translation>
    </message>
</context>
<context>
    <name>PasswordField</name>
    <message>
        <source>S&amp;how</source>
        <translation>显示(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>隐藏(&amp;H)</translation>
    </message>
</context>
<context>
    <name>PresetPicker</name>
    <message>
        <source>Delete a preset of yours</source>
        <translation>删除你自己的预设</translation>
    </message>
    <message>
        <source>Clear the style: send the prompt as typed</source>
        <translation>清除风格：按原样发送提示词</translation>
    </message>
    <message>
        <source>Clear the style</source>
        <translation>清除风格</translation>
    </message>
    <message>
        <source>Style: none ▾</source>
        <translation>风格：无 ▾</translation>
    </message>
    <message>
        <source>Add a style to the prompt when you generate</source>
        <translation>生成时在提示词中加入一种风格</translation>
    </message>
    <message>
        <source>Style: {name} ▾</source>
        <translation>风格：{name} ▾</translation>
    </message>
    <message>
        <source>Your style presets file could not be read, so your own presets are missing from the Style menu.</source>
        <translation>无法读取你的风格预设文件，因此“风格”菜单中缺少你自己的预设。</translation>
    </message>
    <message>
        <source>It was kept as {path}. Presets you save from now on go in a new file.</source>
        <translation>该文件已保留为 {path}。今后保存的预设将存入一个新文件。</translation>
    </message>
    <message>
        <source>Delete the style preset “{name}”?</source>
        <translation>删除风格预设“{name}”？</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>No style</source>
        <translation>无风格</translation>
    </message>
    <message>
        <source>Built-in styles</source>
        <translation>内置风格</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Save current as preset…</source>
        <translation>将当前设置存为预设…</translation>
    </message>
    <message>
        <source>No preset of yours yet: Save current as preset… makes one from the prompt box</source>
        <translation>还没有你自己的预设：“将当前设置存为预设…”可用提示词框中的内容创建一个</translation>
    </message>
    <message>
        <source>Model: {model}</source>
        <translation>模型：{model}</translation>
    </message>
    <message>
        <source>Aspect ratio: {ratio}</source>
        <translation>宽高比：{ratio}</translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <source>Select an artwork to see it here.</source>
        <translation>选择一件作品，即可在这里查看。</translation>
    </message>
    <message>
        <source>Fetch the image again from the demo server, which keeps it for 14 days; the demo balance does not go down</source>
        <translation>从演示服务器重新获取图片（演示服务器保留 14 天）；不会减少演示余额</translation>
    </message>
    <message>
        <source>Fetch the image again from KIE, which keeps it for 14 days; nothing is paid</source>
        <translation>从 KIE 重新获取图片（KIE 保留 14 天）；不会扣费</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation>缩放图片以适应窗口</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Show actual pixels</source>
        <translation>显示实际像素</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>»</source>
        <translation>»</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>&amp;Download again</source>
        <translation>重新下载(&amp;D)</translation>
    </message>
    <message>
        <source>Job status</source>
        <translation>任务状态</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Copy task ID</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <source>Task ID copied.</source>
        <translation>任务 ID 已复制。</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Also made</source>
        <translation>另有产出</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考图</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Image: {title}, starred</source>
        <translation>图片：{title}，已收藏</translation>
    </message>
    <message>
        <source>The library names no file for this artwork: another program or an older version of Kontext Studio recorded it without one.</source>
        <translation>图库没有记录这件作品的文件：它是由另一个程序或旧版 Kontext Studio 记录的，没有附带文件。</translation>
    </message>
    <message>
        <source>If it is still in the Recycle Bin, restore it from there: it goes back to the place above.</source>
        <translation>如果它仍在回收站中，从那里还原它：它会回到上面所示的位置。</translation>
    </message>
    <message>
        <source>If it is still in the Trash, restore it from there: it goes back to the place above.</source>
        <comment>macOS</comment>
        <translation>如果它仍在废纸篓中，从那里还原它：它会回到上面所示的位置。</translation>
    </message>
    <message>
        <source>If it is still in the Trash, restore it from there: it goes back to the place above.</source>
        <comment>Linux</comment>
        <translation>如果它仍在回收站中，从那里还原它：它会回到上面所示的位置。</translation>
    </message>
    <message>
        <source>The demo server no longer accepts the link to this image, so it cannot be downloaded again.</source>
        <translation>演示服务器已不再接受这张图片的链接，所以无法再重新下载。</translation>
    </message>
    <message>
        <source>KIE no longer accepts the link to this image, so it cannot be downloaded again.</source>
        <translation>KIE 已不再接受这张图片的链接，所以无法再重新下载。</translation>
    </message>
    <message>
        <source>The demo server said it has deleted this image, so it cannot be downloaded again.</source>
        <translation>演示服务器表示已删除这张图片，所以无法再重新下载。</translation>
    </message>
    <message>
        <source>KIE said it has deleted this image, so it cannot be downloaded again.</source>
        <translation>KIE 表示已删除这张图片，所以无法再重新下载。</translation>
    </message>
    <message>
        <source>The demo server keeps an image for 14 days only, so it cannot be downloaded again.</source>
        <translation>演示服务器只保留图片 14 天，所以无法再重新下载。</translation>
    </message>
    <message>
        <source>KIE keeps an image for 14 days only, so it cannot be downloaded again.</source>
        <translation>KIE 只保留图片 14 天，所以无法再重新下载。</translation>
    </message>
    <message>
        <source>The image file does not open: it is damaged, or not an image.</source>
        <translation>图片文件打不开：它已损坏，或者不是图片。</translation>
    </message>
    <message>
        <source>Download it again from the demo server, or put a copy from a backup in its place, under the same name.</source>
        <translation>从演示服务器重新下载，或者把备份中的副本以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>Download it again from KIE, free, or put a copy from a backup in its place, under the same name.</source>
        <translation>从 KIE 免费重新下载，或者把备份中的副本以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>If you have a copy, from a backup or the program it came from, put it in its place, under the same name.</source>
        <translation>如果你有副本（来自备份或制作它的程序），请以同样的文件名放回原处。</translation>
    </message>
    <message>
        <source>The library reads it again when you come back to this window.</source>
        <translation>回到此窗口时，图库会重新读取它。</translation>
    </message>
    <message>
        <source>Nothing to zoom: no artwork is selected.</source>
        <translation>没有可缩放的图片：未选择作品。</translation>
    </message>
    <message>
        <source>Nothing to zoom yet: the image is being downloaded again.</source>
        <translation>还没有可缩放的图片：图片正在重新下载。</translation>
    </message>
    <message>
        <source>Nothing to zoom yet: the job is still running.</source>
        <translation>还没有可缩放的图片：任务仍在进行中。</translation>
    </message>
    <message>
        <source>Nothing to zoom: this job has no image.</source>
        <translation>没有可缩放的图片：此任务没有图片。</translation>
    </message>
    <message>
        <source>Nothing to zoom yet: the image is loading.</source>
        <translation>还没有可缩放的图片：图片正在加载。</translation>
    </message>
    <message>
        <source>Nothing to zoom: the image cannot be shown.</source>
        <translation>没有可缩放的图片：无法显示图片。</translation>
    </message>
    <message>
        <source>A demo job: it carries on when Kontext Studio runs in demo mode again.</source>
        <translation>演示任务：Kontext Studio 再次以演示模式运行时会继续。</translation>
    </message>
    <message>
        <source>Reuse settings loads its prompt, reference image and options into Generate, to change them as the message says, and generate it again as a new job.</source>
        <translation>“复用设置”会把它的提示词、参考图和选项载入“生成”页，按消息所说修改后作为新任务重新生成。</translation>
    </message>
    <message>
        <source>Reuse settings loads its prompt and options into Generate, to change them and generate it again as a new job.</source>
        <translation>“复用设置”会把它的提示词和选项载入“生成”页，修改后作为新任务重新生成。</translation>
    </message>
    <message>
        <source>Its next try by itself is due at {0}.</source>
        <translation>下一次自动重试定于 {0}。</translation>
    </message>
    <message>
        <source>Reuse settings loads its prompt, reference image and options into Generate.</source>
        <translation>“复用设置”会把它的提示词、参考图和选项载入“生成”页。</translation>
    </message>
    <message>
        <source>Reuse settings loads its prompt and options into Generate.</source>
        <translation>“复用设置”会把它的提示词和选项载入“生成”页。</translation>
    </message>
    <message>
        <source>{0} · deleted from the library since</source>
        <translation>{0} · 之后已从图库中删除</translation>
    </message>
    <message>
        <source>Imported on {date}</source>
        <translation>导入于 {date}</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <source>the job with this prompt</source>
        <translation>使用此提示词的任务</translation>
    </message>
    <message>
        <source>a job deleted since</source>
        <translation>一个之后已被删除的任务</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <source>An earlier send of {job} to the demo server, cancelled while it was out, which lowered the demo balance for it too (no real credits). That job was sent again meanwhile, so this image is kept as an artwork of its own.</source>
        <translation>由{job}较早发送到演示服务器的一次请求生成，该请求在发出途中被取消，演示余额也为它减少了（不消耗真实积分）。该任务在此期间已被再次发送，因此这张图片作为一件独立的作品保存在这里。</translation>
    </message>
    <message>
        <source>An earlier send of {job} to the demo server, cancelled while it was out, which lowered the demo balance for it too (no real credits). That job was sent again meanwhile, so this send&apos;s image, still being made, is kept as an artwork of its own.</source>
        <translation>由{job}较早发送到演示服务器的一次请求生成，该请求在发出途中被取消，演示余额也为它减少了（不消耗真实积分）。该任务在此期间已被再次发送，因此这次发送的图片（仍在生成中）作为一件独立的作品保存在这里。</translation>
    </message>
    <message>
        <source>An earlier send of {job} to the demo server, cancelled while it was out. That job was sent again meanwhile, so this send is kept as an artwork of its own; it failed, and nothing was made.</source>
        <translation>由{job}较早发送到演示服务器的一次请求生成，该请求在发出途中被取消。该任务在此期间已被再次发送，因此这次发送作为一件独立的作品保存在这里；它失败了，没有生成任何图片。</translation>
    </message>
    <message>
        <source>An earlier send of {job} to the demo server, cancelled while it was out, which lowered the demo balance for it too (no real credits). That job was sent again meanwhile, so this send is kept as an artwork of its own; it stopped before its image came.</source>
        <translation>由{job}较早发送到演示服务器的一次请求生成，该请求在发出途中被取消，演示余额也为它减少了（不消耗真实积分）。该任务在此期间已被再次发送，因此这次发送作为一件独立的作品保存在这里；它在图片到达之前就停止了。</translation>
    </message>
    <message>
        <source>An earlier send of {job}, cancelled while it was out, which KIE charged too. That job was sent again meanwhile, so this image is kept as an artwork of its own.</source>
        <translation>由{job}较早的一次发送生成，该发送在发出途中被取消，KIE 也为它扣了费。该任务在此期间已被再次发送，因此这张图片作为一件独立的作品保存在这里。</translation>
    </message>
    <message>
        <source>show that job</source>
        <translation>显示该任务</translation>
    </message>
    <message>
        <source>show image {0}</source>
        <translation>显示图片 {0}</translation>
    </message>
    <message>
        <source>The demo server answered {count} earlier sends of this job late, each after it was cancelled while out; those images are kept as the artworks {titles}, and lowered the demo balance too (no real credits).</source>
        <translation>演示服务器对本任务较早的 {count} 次发送（每次都在发出途中被取消）迟到作答；这些图片已另存为作品 {titles}，演示余额也为它们减少了（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>The demo server answered an earlier send of this job late, after it was cancelled while out; that image is kept as the artwork {titles}, and lowered the demo balance too (no real credits).</source>
        <translation>演示服务器对本任务较早的一次发送（在发出途中被取消）迟到作答；那张图片已另存为作品 {titles}，演示余额也为它减少了（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>KIE answered {count} earlier sends of this job late, each after it was cancelled while out; those images, charged too, are kept as the artworks {titles}.</source>
        <translation>KIE 对本任务较早的 {count} 次发送（每次都在发出途中被取消）迟到作答；这些图片也已扣费，已另存为作品 {titles}。</translation>
    </message>
    <message>
        <source>KIE answered an earlier send of this job late, after it was cancelled while out; that image, charged too, is kept as the artwork {titles}.</source>
        <translation>KIE 对本任务较早的一次发送（在发出途中被取消）迟到作答；那张图片也已扣费，已另存为作品 {titles}。</translation>
    </message>
    <message>
        <source>Task ID</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <source>Image: {title}</source>
        <translation>图片：{title}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>Made in live mode; its request has not gone to KIE yet: it goes when Kontext Studio starts with your API key.</source>
        <translation>在在线模式下创建，请求尚未发送给 KIE：Kontext Studio 使用你的 API 密钥启动时才会发送。</translation>
    </message>
    <message>
        <source>Sent to KIE in live mode: it carries on, without being paid for again, when Kontext Studio starts with your API key.</source>
        <translation>已在在线模式下发送给 KIE：Kontext Studio 使用你的 API 密钥启动时会继续，不会再次扣费。</translation>
    </message>
    <message>
        <source>Still trying by itself; nothing is sent or charged again.</source>
        <translation>正在自动重试；不会重新发送，也不会再次扣费。</translation>
    </message>
    <message>
        <source>Still trying by itself; nothing is sent again, and the demo balance does not go down again.</source>
        <translation>正在自动重试；不会重新发送，演示余额也不会再次减少。</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>show it in the library</source>
        <translation>在图库中显示</translation>
    </message>
    <message>
        <source>What to do: {0}</source>
        <translation>处理建议：{0}</translation>
    </message>
    <message>
        <source>Before/after: drag the slider (or Shift+Left, Shift+Right) to compare</source>
        <translation>修改前/后：拖动滑块（或按 Shift+Left、Shift+Right）进行对比</translation>
    </message>
    <message>
        <source>{count} artworks selected in the library; this is the current one there, which its arrow keys move from. Select it alone to use it as a reference.</source>
        <translation>已在图库中选中 {count} 件作品；这里显示的是图库中的当前作品，方向键从它开始移动。只选中它一件，才能用作参考图。</translation>
    </message>
    <message>
        <source>It will be sent again by itself. A send KIE does not take is not charged.</source>
        <translation>稍后会自动重新发送。KIE 未接收的发送不会扣费。</translation>
    </message>
    <message>
        <source>It goes by itself as soon as a slot frees; this send lowers the demo balance only once the demo server takes it.</source>
        <translation>一有空位就会自动发送；这次发送只有在演示服务器接收后才会减少演示余额。</translation>
    </message>
    <message>
        <source>It goes by itself as soon as a slot frees; this send is charged only once KIE takes it.</source>
        <translation>一有空位就会自动发送；这次发送只有在 KIE 接收后才会扣费。</translation>
    </message>
    <message>
        <source>It will be sent again by itself. A send the demo server does not take does not lower the demo balance.</source>
        <translation>稍后会自动重新发送。演示服务器未接收的发送不会减少演示余额。</translation>
    </message>
    <message>
        <source>Only the reference image was uploaded to KIE (uploads are free); the job itself did not reach KIE this time, so this send was not charged. {hint}</source>
        <translation>只有参考图上传到了 KIE（上传免费）；任务本身这次没有到达 KIE，因此这次发送未扣费。{hint}</translation>
    </message>
    <message>
        <source>This send did not reach KIE, so it was not charged. {hint}</source>
        <translation>这次发送没有到达 KIE，因此未扣费。{hint}</translation>
    </message>
    <message>
        <source>An earlier send of {job}, cancelled while it was out, which KIE charged too. That job was sent again meanwhile, so this send&apos;s image, still being made, is kept as an artwork of its own.</source>
        <translation>由{job}较早的一次发送生成，该发送在发出途中被取消，KIE 也为它扣了费。该任务在此期间已被再次发送，因此这次发送的图片（仍在生成中）作为一件独立的作品保存在这里。</translation>
    </message>
    <message>
        <source>An earlier send of {job}, cancelled while it was out. That job was sent again meanwhile, so this send is kept as an artwork of its own; it failed, and nothing was made.</source>
        <translation>由{job}较早的一次发送生成，该发送在发出途中被取消。该任务在此期间已被再次发送，因此这次发送作为一件独立的作品保存在这里；它失败了，没有生成任何图片。</translation>
    </message>
    <message>
        <source>An earlier send of {job}, cancelled while it was out, which KIE charged too. That job was sent again meanwhile, so this send is kept as an artwork of its own; it stopped before its image came.</source>
        <translation>由{job}较早的一次发送生成，该发送在发出途中被取消，KIE 也为它扣了费。该任务在此期间已被再次发送，因此这次发送作为一件独立的作品保存在这里；它在图片到达之前就停止了。</translation>
    </message>
    <message>
        <source>show artwork {0}</source>
        <translation>显示作品 {0}</translation>
    </message>
    <message>
        <source>“{0}” (still being made)</source>
        <translation>“{0}”（仍在生成中）</translation>
    </message>
    <message>
        <source>“{0}” (failed: nothing was made)</source>
        <translation>“{0}”（失败：没有生成任何图片）</translation>
    </message>
    <message>
        <source>“{0}” (stopped before its image came)</source>
        <translation>“{0}”（在图片到达之前已停止）</translation>
    </message>
    <message>
        <source>The demo server answered {count} earlier sends of this job late, each after it was cancelled while out; they are kept as the artworks {titles}.</source>
        <translation>演示服务器对本任务较早的 {count} 次发送（每次都在发出途中被取消）迟到作答；它们已另存为作品 {titles}。</translation>
    </message>
    <message>
        <source>KIE answered {count} earlier sends of this job late, each after it was cancelled while out; they are kept as the artworks {titles}.</source>
        <translation>KIE 对本任务较早的 {count} 次发送（每次都在发出途中被取消）迟到作答；它们已另存为作品 {titles}。</translation>
    </message>
    <message>
        <source>The demo server answered an earlier send of this job late, after it was cancelled while out; that image is still being made, as the artwork {titles}, and lowered the demo balance too (no real credits).</source>
        <translation>演示服务器对本任务较早的一次发送（在发出途中被取消）迟到作答；那张图片仍在生成中，作为作品 {titles}，演示余额也为它减少了（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>The demo server answered an earlier send of this job late, after it was cancelled while out, with a task kept as the artwork {titles}; it failed, and nothing was made.</source>
        <translation>演示服务器对本任务较早的一次发送（在发出途中被取消）迟到作答，其任务已另存为作品 {titles}；它失败了，没有生成任何图片。</translation>
    </message>
    <message>
        <source>The demo server answered an earlier send of this job late, after it was cancelled while out, with a task kept as the artwork {titles}; it stopped before its image came.</source>
        <translation>演示服务器对本任务较早的一次发送（在发出途中被取消）迟到作答，其任务已另存为作品 {titles}；它在图片到达之前就停止了。</translation>
    </message>
    <message>
        <source>KIE answered an earlier send of this job late, after it was cancelled while out; that image, charged too, is still being made, as the artwork {titles}.</source>
        <translation>KIE 对本任务较早的一次发送（在发出途中被取消）迟到作答；那张图片也已扣费，仍在生成中，作为作品 {titles}。</translation>
    </message>
    <message>
        <source>KIE answered an earlier send of this job late, after it was cancelled while out, with a task kept as the artwork {titles}; it failed, and nothing was made.</source>
        <translation>KIE 对本任务较早的一次发送（在发出途中被取消）迟到作答，其任务已另存为作品 {titles}；它失败了，没有生成任何图片。</translation>
    </message>
    <message>
        <source>KIE answered an earlier send of this job late, after it was cancelled while out, with a task kept as the artwork {titles}, charged too; it stopped before its image came.</source>
        <translation>KIE 对本任务较早的一次发送（在发出途中被取消）迟到作答，其任务已另存为作品 {titles}，也已扣费；它在图片到达之前就停止了。</translation>
    </message>
    <message>
        <source>Same as the reference</source>
        <translation>与参考图相同</translation>
    </message>
    <message>
        <source>KIE did not say how long it took on the task whose ID you entered for this job.</source>
        <translation>KIE 没有说明它在你为此任务输入 ID 的那个 KIE 任务上用了多长时间。</translation>
    </message>
    <message>
        <source>KIE&apos;s own time on the task whose ID you entered for this job.</source>
        <translation>这是 KIE 在你为此任务输入 ID 的那个 KIE 任务上自己所用的时间。</translation>
    </message>
    <message>
        <source>{0} × {1} px</source>
        <translation>{0} × {1} 像素</translation>
    </message>
</context>
<context>
    <name>PromptHistory</name>
    <message>
        <source>Your recent prompts could not be read, so the Recent menu starts empty.</source>
        <translation>无法读取最近的提示词，因此“最近”菜单为空。</translation>
    </message>
    <message>
        <source>They were kept as {path}. Prompts you generate from now on are remembered in a new file.</source>
        <translation>原文件已保留为 {path}。今后生成时使用的提示词将记在一个新文件中。</translation>
    </message>
    <message>
        <source>Your recent prompts could not be read when a new one was remembered.</source>
        <translation>记录新的提示词时，无法读取最近的提示词。</translation>
    </message>
</context>
<context>
    <name>PromptPreview</name>
    <message>
        <source>Sent as: {prompt}</source>
        <translation>实际发送：{prompt}</translation>
    </message>
</context>
<context>
    <name>PublicationBar</name>
    <message>
        <source>Making a link…</source>
        <translation>正在生成链接…</translation>
    </message>
    <message>
        <source>No link: {reason}</source>
        <translation>无链接：{reason}</translation>
    </message>
    <message>
        <source>A presigned link: it works for 7 days. Set a public base URL in Settings for a permanent one.</source>
        <translation>预签名链接：有效期 7 天。在“设置”中填写公开访问网址即可获得永久链接。</translation>
    </message>
    <message>
        <source>Stop publishing and remove from the bucket what was sent</source>
        <translation>停止发布，并从存储桶中移除已发送的内容</translation>
    </message>
    <message>
        <source>Public link</source>
        <translation>公开链接</translation>
    </message>
    <message>
        <source>Remove from your R2 bucket the image the stopped publish may have left</source>
        <translation>从你的 R2 存储桶中移除中途停止的发布可能留下的图片</translation>
    </message>
    <message>
        <source>It is still in your R2 bucket: press Unpublish to try again.</source>
        <translation>它仍在你的 R2 存储桶中：按“取消发布”可以重试。</translation>
    </message>
    <message>
        <source>An unpublish of it did not finish: its image may be gone from your R2 bucket, and its link may lead to nothing. Unpublish finishes it.</source>
        <translation>对它的取消发布没有完成：它的图片可能已从你的 R2 存储桶中移除，链接可能已失效。“取消发布”可以完成移除。</translation>
    </message>
    <message>
        <source>No link</source>
        <translation>无链接</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Remove from buc&amp;ket</source>
        <translation>从存储桶移除(&amp;K)</translation>
    </message>
    <message>
        <source>Publication details</source>
        <translation>发布详情</translation>
    </message>
    <message>
        <source>Making a link: waiting for the system keyring…</source>
        <translation>正在生成链接：等待系统密钥环…</translation>
    </message>
    <message>
        <source>No link, and what is left of it in the bucket could not be checked: {reason}</source>
        <translation>无链接，也无法检查存储桶中还剩下什么：{reason}</translation>
    </message>
    <message>
        <source>Not checked yet: waiting for the system keyring to give the R2 secret.</source>
        <translation>尚未检查：正在等待系统密钥环提供 R2 秘密访问密钥。</translation>
    </message>
    <message>
        <source>Not checked yet: waiting for the check of another artwork to end.</source>
        <translation>尚未检查：正在等待另一件作品的检查结束。</translation>
    </message>
    <message>
        <source>Checking what is left of it in the bucket…</source>
        <translation>正在检查存储桶中还剩下什么…</translation>
    </message>
    <message>
        <source>Published in another bucket</source>
        <translation>已发布在另一个存储桶中</translation>
    </message>
    <message>
        <source>Unpublish failed</source>
        <translation>取消发布失败</translation>
    </message>
    <message>
        <source>May be gone</source>
        <translation>可能已移除</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Too late to cancel: it is published.</source>
        <translation>来不及取消：它已经发布。</translation>
    </message>
    <message>
        <source>Removal failed</source>
        <translation>移除失败</translation>
    </message>
    <message>
        <source>Not published</source>
        <translation>未发布</translation>
    </message>
    <message>
        <source>It may still be in your R2 bucket: press Remove from bucket to try again.</source>
        <translation>它可能仍在你的 R2 存储桶中：按“从存储桶移除”可以重试。</translation>
    </message>
    <message>
        <source>Publishing is not set up now: set it up in {publishing_settings} to remove it.</source>
        <translation>现在尚未设置发布：请在“{publishing_settings}”中设置后再移除它。</translation>
    </message>
    <message>
        <source>Could not check: {reason} — see {publishing_settings}.</source>
        <translation>无法检查：{reason}——请查看“{publishing_settings}”。</translation>
    </message>
    <message>
        <source>Could not check: {reason}.</source>
        <translation>无法检查：{reason}。</translation>
    </message>
    <message>
        <source>R2 refused the keys set in the environment</source>
        <translation>R2 拒绝了环境变量中设置的访问密钥</translation>
    </message>
    <message>
        <source>R2 refused the keys</source>
        <translation>R2 拒绝了访问密钥</translation>
    </message>
    <message>
        <source>R2 has no such bucket</source>
        <translation>R2 上没有这个存储桶</translation>
    </message>
    <message>
        <source>R2 could not be reached</source>
        <translation>无法连接 R2</translation>
    </message>
    <message>
        <source>R2 was in trouble</source>
        <translation>R2 出了故障</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is off</source>
        <translation>这台电脑的时钟不准</translation>
    </message>
    <message>
        <source>the R2 secret in the system keyring cannot be read; Publish, Unpublish, Copy link or saving Settings tries the keyring again</source>
        <translation>无法从系统密钥环读取 R2 秘密访问密钥；“发布”“取消发布”“复制链接”或保存设置时会再次尝试读取密钥环</translation>
    </message>
    <message>
        <source>publishing is not set up</source>
        <translation>尚未设置发布</translation>
    </message>
    <message>
        <source>the R2 settings cannot be used</source>
        <translation>R2 设置无法使用</translation>
    </message>
    <message>
        <source>R2 refused the request</source>
        <translation>R2 拒绝了这个请求</translation>
    </message>
    <message>
        <source>An unpublish of it did not finish: its image is still in your R2 bucket, but its manifest is gone. Unpublish finishes it.</source>
        <translation>对它的取消发布没有完成：它的图片仍在你的 R2 存储桶中，但它的清单文件已被移除。“取消发布”可以完成移除。</translation>
    </message>
    <message>
        <source>An unpublish of it did not finish: its image is gone from your R2 bucket, and its link leads to nothing; its manifest is still there. Unpublish finishes it.</source>
        <translation>对它的取消发布没有完成：它的图片已从你的 R2 存储桶中移除，链接已失效；它的清单文件仍在那里。“取消发布”可以完成移除。</translation>
    </message>
    <message>
        <source>In the bucket &apos;{bucket}&apos;, not in &apos;{current}&apos;, the bucket the R2 settings name: the link is that bucket&apos;s.</source>
        <translation>在存储桶 &apos;{bucket}&apos; 中，而不在 R2 设置所指向的存储桶 &apos;{current}&apos; 中：此链接属于那个存储桶。</translation>
    </message>
    <message>
        <source>In the bucket &apos;{bucket}&apos; at {host}, not in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name: the link is that bucket&apos;s.</source>
        <translation>在 {host} 上的存储桶 &apos;{bucket}&apos; 中，而不在 R2 设置所指向的 {current_host} 上的存储桶 &apos;{current}&apos; 中：此链接属于那个存储桶。</translation>
    </message>
    <message>
        <source>In the bucket &apos;{bucket}&apos; at {host}: publishing is not set up now.</source>
        <translation>在 {host} 的存储桶 &apos;{bucket}&apos; 中：现在尚未设置发布。</translation>
    </message>
    <message>
        <source>R2 refused the keys: reading the keyring again…</source>
        <translation>R2 拒绝了访问密钥：正在重新读取密钥环…</translation>
    </message>
    <message>
        <source>Removing from the bucket…</source>
        <translation>正在从存储桶中移除…</translation>
    </message>
    <message>
        <source>Waiting for the delete to end…</source>
        <translation>正在等待删除完成…</translation>
    </message>
    <message>
        <source>Waiting its turn to publish…</source>
        <translation>正在排队等待发布…</translation>
    </message>
    <message>
        <source>Finishing… · {quiet}</source>
        <translation>即将完成… · {quiet}</translation>
    </message>
    <message>
        <source>Finishing: waiting for R2…</source>
        <translation>即将完成：正在等待 R2 响应…</translation>
    </message>
    <message>
        <source>Publishing… · {quiet}</source>
        <translation>正在发布… · {quiet}</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
</context>
<context>
    <name>PublishActivityLabel</name>
    <message>
        <source>1 publish waiting for Delete…</source>
        <translation>1 个发布正在等待删除…</translation>
    </message>
    <message>
        <source>{count} publishes waiting for Delete…</source>
        <translation>{count} 个发布正在等待删除…</translation>
    </message>
    <message>
        <source>{publishing}; {waiting}</source>
        <translation>{publishing}；{waiting}</translation>
    </message>
    <message>
        <source>Publishing: {ended} of {count} done</source>
        <translation>发布中：已完成 {ended}/{count} 件</translation>
    </message>
    <message>
        <source>Finishing 1 artwork… · {quiet}</source>
        <translation>即将完成 1 件作品… · {quiet}</translation>
    </message>
    <message>
        <source>Finishing {count} artworks… · {quiet}</source>
        <translation>即将完成 {count} 件作品… · {quiet}</translation>
    </message>
    <message>
        <source>Finishing 1 artwork: waiting for R2…</source>
        <translation>即将完成 1 件作品：正在等待 R2 响应…</translation>
    </message>
    <message>
        <source>Finishing {count} artworks: waiting for R2…</source>
        <translation>即将完成 {count} 件作品：正在等待 R2 响应…</translation>
    </message>
    <message>
        <source>Publishing 1 artwork…</source>
        <translation>正在发布 1 件作品…</translation>
    </message>
    <message>
        <source>Publishing {count} artworks…</source>
        <translation>正在发布 {count} 件作品…</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent}%</translation>
    </message>
    <message>
        <source>{publishing} · {quiet}</source>
        <translation>{publishing} · {quiet}</translation>
    </message>
    <message>
        <source>Publishing {sending} of {count}</source>
        <translation>正在发布 {sending}/{count} 件</translation>
    </message>
    <message>
        <source>{publishing} · {percent} %</source>
        <translation>{publishing} · {percent}%</translation>
    </message>
    <message>
        <source>{publishing} · {waiting} waiting</source>
        <translation>{publishing} · {waiting} 件等待中</translation>
    </message>
</context>
<context>
    <name>PublishController</name>
    <message>
        <source>Unpublishing…</source>
        <translation>正在取消发布…</translation>
    </message>
    <message>
        <source>Waiting for Delete…</source>
        <translation>等待删除…</translation>
    </message>
    <message>
        <source>No answer from R2 · {seconds} s</source>
        <translation>R2 无响应 · {seconds} 秒</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>即将完成…</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
    <message>
        <source>Publishing… {percent} %</source>
        <translation>正在发布… {percent}%</translation>
    </message>
    <message>
        <source>Publishing failed</source>
        <translation>发布失败</translation>
    </message>
    <message>
        <source>Only its image is left</source>
        <translation>只剩下图片</translation>
    </message>
    <message>
        <source>Only its manifest is left</source>
        <translation>只剩下清单文件</translation>
    </message>
    <message>
        <source>Publishing cancelled.</source>
        <translation>发布已取消。</translation>
    </message>
    <message>
        <source>Publishing cancelled. Nothing was left in the bucket.</source>
        <translation>发布已取消。存储桶中没有留下任何内容。</translation>
    </message>
    <message>
        <source>Waiting to publish</source>
        <translation>等待发布</translation>
    </message>
    <message>
        <source>Check waits for the keyring</source>
        <translation>检查正在等待密钥环</translation>
    </message>
    <message>
        <source>Check waits its turn</source>
        <translation>检查正在排队</translation>
    </message>
    <message>
        <source>Checking the bucket…</source>
        <translation>正在检查存储桶…</translation>
    </message>
    <message>
        <source>Check put off till {time}</source>
        <translation>检查推迟到 {time}</translation>
    </message>
    <message>
        <source>Too late to cancel</source>
        <translation>来不及取消</translation>
    </message>
    <message>
        <source>Unpublish failed</source>
        <translation>取消发布失败</translation>
    </message>
    <message>
        <source>Removal failed</source>
        <translation>移除失败</translation>
    </message>
    <message>
        <source>Reading the keyring…</source>
        <translation>正在读取密钥环…</translation>
    </message>
    <message>
        <source>It is still in your R2 bucket.</source>
        <translation>它仍在你的 R2 存储桶中。</translation>
    </message>
    <message>
        <source>What a stopped publish left may still be in your R2 bucket.</source>
        <translation>中途停止的发布留下的内容可能仍在你的 R2 存储桶中。</translation>
    </message>
    <message>
        <source>1 more artwork was not published: it is ready to publish again once this is put right.</source>
        <translation>另有 1 件作品未发布：问题解决后即可再次发布。</translation>
    </message>
    <message>
        <source>{count} more artworks were not published: they are ready to publish again once this is put right.</source>
        <translation>另有 {count} 件作品未发布：问题解决后即可再次发布。</translation>
    </message>
    <message>
        <source>Too late to cancel: “{title}” is published.</source>
        <translation>来不及取消：“{title}”已经发布。</translation>
    </message>
    <message>
        <source>Published “{title}”.</source>
        <translation>已发布“{title}”。</translation>
    </message>
    <message>
        <source>{count} artworks are published: the unpublishes of them that did not finish removed nothing from the bucket.</source>
        <translation>{count} 件作品仍已发布：对它们未完成的取消发布没有从存储桶中移除任何内容。</translation>
    </message>
    <message>
        <source>{count} artworks are no longer published: the unpublishes of them that did not finish had removed them from the bucket.</source>
        <translation>{count} 件作品已不再发布：对它们未完成的取消发布已将它们从存储桶中移除。</translation>
    </message>
    <message>
        <source>Only the images of {titles} are left in the bucket, their manifests gone: Unpublish finishes each removal.</source>
        <translation>存储桶中只剩下{titles}的图片，它们的清单文件已被移除：“取消发布”可以完成每一项移除。</translation>
    </message>
    <message>
        <source>Only the manifests of {titles} are left in the bucket, their images gone: Unpublish finishes each removal.</source>
        <translation>存储桶中只剩下{titles}的清单文件，它们的图片已被移除：“取消发布”可以完成每一项移除。</translation>
    </message>
    <message>
        <source>“{title}” is published: the unpublish of it that did not finish removed nothing from the bucket.</source>
        <translation>“{title}”仍已发布：对它未完成的取消发布没有从存储桶中移除任何内容。</translation>
    </message>
    <message>
        <source>“{title}” is no longer published: the unpublish of it that did not finish had removed it from the bucket.</source>
        <translation>“{title}”已不再发布：对它未完成的取消发布已将它从存储桶中移除。</translation>
    </message>
    <message>
        <source>Only the image of “{title}” is left in the bucket, its manifest gone: Unpublish finishes the removal.</source>
        <translation>存储桶中只剩下“{title}”的图片，它的清单文件已被移除：“取消发布”可以完成移除。</translation>
    </message>
    <message>
        <source>Only the manifest of “{title}” is left in the bucket, its image gone: Unpublish finishes the removal.</source>
        <translation>存储桶中只剩下“{title}”的清单文件，它的图片已被移除：“取消发布”可以完成移除。</translation>
    </message>
    <message>
        <source>“{title}” was removed from the bucket.</source>
        <translation>已从存储桶中移除“{title}”。</translation>
    </message>
    <message>
        <source>Nothing of “{title}” is left in the bucket.</source>
        <translation>存储桶中已没有“{title}”留下的内容。</translation>
    </message>
    <message>
        <source>“{title}” changed meanwhile: nothing was removed.</source>
        <translation>“{title}”在此期间已有变化：没有移除任何内容。</translation>
    </message>
    <message>
        <source>The artwork was removed from the bucket.</source>
        <translation>已从存储桶中移除该作品。</translation>
    </message>
    <message>
        <source>What is left of “{title}” in the bucket could not be removed: {why}</source>
        <translation>未能移除“{title}”留在存储桶中的内容：{why}</translation>
    </message>
    <message>
        <source>“{title}” could not be removed from the bucket: {why}</source>
        <translation>未能从存储桶中移除“{title}”：{why}</translation>
    </message>
    <message>
        <source>The artwork could not be removed from the bucket: {why}</source>
        <translation>未能从存储桶中移除该作品：{why}</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so it has no link.</source>
        <translation>“{title}”已被另一个程序删除，因此没有链接。</translation>
    </message>
    <message>
        <source>{count} artworks are no longer recorded as published.</source>
        <translation>有 {count} 件作品已不再记录为已发布。</translation>
    </message>
    <message>
        <source>{titles} changed meanwhile: nothing of theirs was forgotten.</source>
        <translation>{titles}在此期间已有变化：它们的发布都没有被忘记。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so it is no longer recorded as published.</source>
        <translation>“{title}”已被另一个程序删除，因此已不再记录为已发布。</translation>
    </message>
    <message>
        <source>{titles} were deleted by another program, so they are no longer recorded as published.</source>
        <translation>{titles}已被另一个程序删除，因此已不再记录为已发布。</translation>
    </message>
    <message>
        <source>“{title}” could not be forgotten: it is still recorded as published.</source>
        <translation>“{title}”的发布未能忘记：它仍记录为已发布。</translation>
    </message>
    <message>
        <source>{titles} could not be forgotten: they are still recorded as published.</source>
        <translation>{titles}的发布未能忘记：它们仍记录为已发布。</translation>
    </message>
    <message>
        <source>This artwork is not published, so it has no link.</source>
        <translation>这件作品尚未发布，因此没有链接。</translation>
    </message>
    <message>
        <source>no answer from R2 for {seconds} s; still trying</source>
        <translation>R2 已 {seconds} 秒无响应，仍在尝试</translation>
    </message>
    <message>
        <source>Unpublish did not finish</source>
        <translation>取消发布未完成</translation>
    </message>
    <message>
        <source>Open {publishing_settings} and fill in the empty fields.</source>
        <translation>请打开“{publishing_settings}”，填写空着的字段。</translation>
    </message>
    <message>
        <source>Enter your Cloudflare R2 bucket in {publishing_settings}: the endpoint or account ID, the bucket, and an access key ID with its secret.</source>
        <translation>请在“{publishing_settings}”中填写你的 Cloudflare R2 存储桶：端点或账户 ID、存储桶名称，以及访问密钥 ID 和对应的密钥。</translation>
    </message>
    <message>
        <source>Try again; if the keyring still does not answer, restart its service (or log out and back in). Or type the secret access key in {publishing_settings} to use it in this session.</source>
        <translation>请重试；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。也可以在“{publishing_settings}”中输入秘密访问密钥，在本次运行中使用。</translation>
    </message>
    <message>
        <source>Unlock the keyring, then try again; or type the secret access key in {publishing_settings} to use it in this session.</source>
        <translation>请解锁密钥环后重试；或在“{publishing_settings}”中输入秘密访问密钥，在本次运行中使用。</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>链接已复制。</translation>
    </message>
    <message>
        <source>“{title}” is no longer recorded as published.</source>
        <translation>“{title}”已不再记录为已发布。</translation>
    </message>
    <message>
        <source>“{title}” changed meanwhile: nothing was forgotten.</source>
        <translation>“{title}”在此期间已有变化：没有忘记任何内容。</translation>
    </message>
</context>
<context>
    <name>Publishing</name>
    <message>
        <source>Publishing is not set up</source>
        <translation>尚未设置发布</translation>
    </message>
    <message>
        <source>Open Settings…</source>
        <translation>打开设置…</translation>
    </message>
    <message>
        <source>A value of the environment cannot be used</source>
        <translation>环境变量中的值无法使用</translation>
    </message>
    <message>
        <source>The R2 secret cannot be read</source>
        <translation>无法读取 R2 秘密访问密钥</translation>
    </message>
    <message>
        <source>Forget the publication</source>
        <translation>忘记发布</translation>
    </message>
    <message>
        <source>Forget the publication of “{title}”?</source>
        <translation>忘记“{title}”的发布？</translation>
    </message>
    <message>
        <source>&amp;Forget publication</source>
        <translation>忘记发布(&amp;F)</translation>
    </message>
    <message>
        <source>Forget the publications</source>
        <translation>忘记这些发布</translation>
    </message>
    <message>
        <source>&amp;Forget publications</source>
        <translation>忘记这些发布(&amp;F)</translation>
    </message>
    <message>
        <source>Publishing is not finished</source>
        <translation>发布尚未完成</translation>
    </message>
    <message>
        <source>The Delete is not finished</source>
        <translation>删除尚未完成</translation>
    </message>
    <message>
        <source>Saving is not finished</source>
        <translation>保存尚未完成</translation>
    </message>
    <message>
        <source>Saving has finished</source>
        <translation>保存已结束</translation>
    </message>
    <message>
        <source>No image is being saved any more.</source>
        <translation>已没有正在保存的图片。</translation>
    </message>
    <message>
        <source>Publishing and the Delete have finished</source>
        <translation>发布和删除都已结束</translation>
    </message>
    <message>
        <source>Nothing is being published or deleted any more.</source>
        <translation>已没有正在发布或删除的作品。</translation>
    </message>
    <message>
        <source>The Delete has finished</source>
        <translation>删除已结束</translation>
    </message>
    <message>
        <source>Nothing is being deleted any more.</source>
        <translation>已没有正在删除的作品。</translation>
    </message>
    <message>
        <source>Nothing is being published any more.</source>
        <translation>已没有正在发布的作品。</translation>
    </message>
    <message>
        <source>The one being deleted as you quit may stay there too, its image already in the Recycle Bin.</source>
        <translation>退出时正在删除的那一件也可能仍留在图库中，而它的图片已在回收站中。</translation>
    </message>
    <message>
        <source>The one being deleted as you quit may stay there too, its image already in the Trash.</source>
        <comment>macOS</comment>
        <translation>退出时正在删除的那一件也可能仍留在图库中，而它的图片已在废纸篓中。</translation>
    </message>
    <message>
        <source>The one being deleted as you quit may stay there too, its image already in the Trash.</source>
        <comment>Linux</comment>
        <translation>退出时正在删除的那一件也可能仍留在图库中，而它的图片已在回收站中。</translation>
    </message>
    <message>
        <source>Nothing is removed: their images and manifests, or the images a stopped publish may have left, stay where they are, and Kontext Studio will no longer be able to remove them. A link to them already shared may still work.</source>
        <translation>不会移除任何内容：它们的图片和清单文件，或中途停止的发布可能留下的图片，都会留在原处，Kontext Studio 将无法再移除它们。已分享出去的链接可能仍然有效。</translation>
    </message>
    <message>
        <source>The library will show it as not published, and it can be published again once publishing is set up in Settings.</source>
        <translation>图库会将它显示为未发布，在设置中设置好发布后即可重新发布它。</translation>
    </message>
    <message>
        <source>The library will show them as not published, and they can be published in the bucket the R2 settings name.</source>
        <translation>图库会将它们显示为未发布，之后可以把它们发布到 R2 设置所指向的存储桶。</translation>
    </message>
    <message>
        <source>Publishing has finished</source>
        <translation>发布已结束</translation>
    </message>
    <message>
        <source>Quitting now stops nothing.</source>
        <translation>现在退出不会中断任何操作。</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>{count} artworks are still being published to your R2 bucket.</source>
        <translation>仍有 {count} 件作品正在发布到你的 R2 存储桶。</translation>
    </message>
    <message>
        <source>An artwork is still being published to your R2 bucket.</source>
        <translation>仍有一件作品正在发布到你的 R2 存储桶。</translation>
    </message>
    <message>
        <source>Quitting now stops publishing, and nothing carries it on at the next start: an artwork not finished stays unpublished until you publish it again.</source>
        <translation>现在退出会停止发布，下次启动时也不会继续：未完成的作品保持未发布，直到你再次发布它。</translation>
    </message>
    <message>
        <source>{count} artworks are still being removed from your R2 bucket.</source>
        <translation>仍有 {count} 件作品正在从你的 R2 存储桶中移除。</translation>
    </message>
    <message>
        <source>An artwork is still being removed from your R2 bucket.</source>
        <translation>仍有一件作品正在从你的 R2 存储桶中移除。</translation>
    </message>
    <message>
        <source>Quitting now stops the removal, and nothing carries it on at the next start: an artwork not removed stays published until you unpublish it again.</source>
        <translation>现在退出会停止移除，下次启动时也不会继续：未移除的作品保持已发布，直到你再次取消发布它。</translation>
    </message>
    <message>
        <source>&amp;Quit anyway</source>
        <translation>仍然退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Forget the publications of {count} artworks: {titles}?</source>
        <translation>忘记这 {count} 件作品的发布：{titles}？</translation>
    </message>
    <message>
        <source>Quitting now stops the Delete, and nothing carries it on at the next start: the artwork stays in the library until you delete it again, perhaps with its image already in the Recycle Bin.</source>
        <translation>现在退出会停止删除，下次启动时也不会继续：这件作品留在图库中，直到你再次删除它，它的图片可能已在回收站中。</translation>
    </message>
    <message>
        <source>Quitting now stops the Delete, and nothing carries it on at the next start: the artwork stays in the library until you delete it again, perhaps with its image already in the Trash.</source>
        <comment>macOS</comment>
        <translation>现在退出会停止删除，下次启动时也不会继续：这件作品留在图库中，直到你再次删除它，它的图片可能已在废纸篓中。</translation>
    </message>
    <message>
        <source>Quitting now stops the Delete, and nothing carries it on at the next start: the artwork stays in the library until you delete it again, perhaps with its image already in the Trash.</source>
        <comment>Linux</comment>
        <translation>现在退出会停止删除，下次启动时也不会继续：这件作品留在图库中，直到你再次删除它，它的图片可能已在回收站中。</translation>
    </message>
    <message>
        <source>An artwork is still being deleted.</source>
        <translation>仍有一件作品正在删除。</translation>
    </message>
    <message>
        <source>{count} artworks are still being deleted.</source>
        <translation>仍有 {count} 件作品正在删除。</translation>
    </message>
    <message>
        <source>Quitting now stops the Delete, and nothing carries it on at the next start: the artworks not deleted yet stay in the library until you delete them again.</source>
        <translation>现在退出会停止删除，下次启动时也不会继续：尚未删除的作品留在图库中，直到你再次删除它们。</translation>
    </message>
    <message>
        <source>{count} images are still being saved into a folder.</source>
        <translation>仍有 {count} 张图片正在保存到文件夹。</translation>
    </message>
    <message>
        <source>An image is still being saved into a folder.</source>
        <translation>仍有一张图片正在保存到文件夹。</translation>
    </message>
    <message>
        <source>Quitting now stops saving, and nothing carries it on at the next start: the images saved so far stay in the folder, the others are not saved.</source>
        <translation>现在退出会中断保存，下次启动时也不会继续：已保存的图片留在文件夹中，其余图片不会保存。</translation>
    </message>
    <message>
        <source>Nothing is removed now, but an unpublish of it did not finish: its image and manifest may still be in this bucket, or may be gone, and Kontext Studio will no longer be able to remove them.</source>
        <translation>这次不会移除任何内容，但对它的取消发布没有完成：它的图片和清单可能仍在这个存储桶中，也可能已被移除，之后 Kontext Studio 将无法再移除它们。</translation>
    </message>
    <message>
        <source>Nothing is removed: the image a stopped publish may have left in this bucket stays there, and Kontext Studio will no longer be able to remove it.</source>
        <translation>不会移除任何内容：中途停止的发布可能在这个存储桶中留下的图片会留在那里，Kontext Studio 将无法再移除它。</translation>
    </message>
    <message>
        <source>Nothing is removed: its image and manifest stay in this bucket, still public at their link, and Kontext Studio will no longer be able to remove them.</source>
        <translation>不会移除任何内容：它的图片和清单文件仍留在这个存储桶中，仍可通过其链接公开访问，Kontext Studio 将无法再移除它们。</translation>
    </message>
    <message>
        <source>Nothing is removed: its image and manifest stay in this bucket, and Kontext Studio will no longer be able to remove them. A link to them already shared may work until it expires.</source>
        <translation>不会移除任何内容：它的图片和清单文件仍留在这个存储桶中，Kontext Studio 将无法再移除它们。已分享出去的链接在过期前可能仍然有效。</translation>
    </message>
    <message>
        <source>Bucket: &apos;{bucket}&apos; at {host}</source>
        <translation>存储桶：{host} 的 &apos;{bucket}&apos;</translation>
    </message>
    <message>
        <source>Link: {link}</source>
        <translation>链接：{link}</translation>
    </message>
    <message>
        <source>Image: {key}</source>
        <translation>图片：{key}</translation>
    </message>
    <message>
        <source>Nothing is removed now, but an unpublish of each of them did not finish: their images and manifests may still be where they are, or may be gone, and Kontext Studio will no longer be able to remove them. A link to them already shared may still work.</source>
        <translation>这次不会移除任何内容，但对它们每一件的取消发布都没有完成：它们的图片和清单可能仍在原处，也可能已被移除，之后 Kontext Studio 将无法再移除它们。已分享出去的链接可能仍然有效。</translation>
    </message>
    <message>
        <source>Nothing is removed now: their images and manifests, or the images a stopped publish may have left, stay where they are, but those of {titles}, whose unpublish did not finish, may still be there, or may be gone. Kontext Studio will no longer be able to remove them. A link to them already shared may still work.</source>
        <translation>这次不会移除任何内容：它们的图片和清单文件，或中途停止的发布可能留下的图片，都会留在原处；但 {titles} 的取消发布没有完成，它们的图片和清单可能仍在原处，也可能已被移除。Kontext Studio 将无法再移除它们。已分享出去的链接可能仍然有效。</translation>
    </message>
    <message>
        <source>The library will show it as not published, and it can be published in the bucket the R2 settings name.</source>
        <translation>图库会将它显示为未发布，之后可以把它发布到 R2 设置所指向的存储桶。</translation>
    </message>
    <message>
        <source>The library will show them as not published, and they can be published again once publishing is set up in Settings.</source>
        <translation>图库会将它们显示为未发布，在设置中设置好发布后即可重新发布它们。</translation>
    </message>
    <message>
        <source>A publish of it stopped before its end and may have left its image in your R2 bucket.</source>
        <translation>它的一次发布中途停止，可能在你的 R2 存储桶中留下了它的图片。</translation>
    </message>
    <message>
        <source>A publish of it stopped before its end and may have left its image in the R2 bucket it was sent to.</source>
        <translation>它的一次发布中途停止，可能在当时发往的 R2 存储桶中留下了它的图片。</translation>
    </message>
</context>
<context>
    <name>Question</name>
    <message>
        <source>Discard your changes to “{title}”?</source>
        <translation>放弃对“{title}”所做的更改？</translation>
    </message>
    <message>
        <source>Discard your changes?</source>
        <translation>放弃所做的更改？</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>继续编辑(&amp;K)</translation>
    </message>
</context>
<context>
    <name>RecentPromptsButton</name>
    <message>
        <source>Recent ▾</source>
        <translation>最近 ▾</translation>
    </message>
    <message>
        <source>Recent prompts</source>
        <translation>最近的提示词</translation>
    </message>
    <message>
        <source>Recent prompts (Alt+Down in the prompt box)</source>
        <translation>最近的提示词（在提示词框中按 Alt+下方向）</translation>
    </message>
    <message>
        <source>No recent prompts yet</source>
        <translation>还没有最近的提示词</translation>
    </message>
    <message>
        <source>Loading recent prompts…</source>
        <translation>正在加载最近的提示词…</translation>
    </message>
    <message>
        <source>Clear recent prompts</source>
        <translation>清除最近的提示词</translation>
    </message>
</context>
<context>
    <name>ReferenceSlot</name>
    <message>
        <source>{n}&#xa0;B</source>
        <translation>{n}&#xa0;B</translation>
    </message>
    <message>
        <source>{n}&#xa0;KB</source>
        <translation>{n}&#xa0;KB</translation>
    </message>
    <message>
        <source>{n}&#xa0;MB</source>
        <translation>{n}&#xa0;MB</translation>
    </message>
    <message>
        <source>Use the image or image file on the clipboard</source>
        <translation>使用剪贴板中的图片或图片文件</translation>
    </message>
    <message>
        <source>Paste a reference image</source>
        <translation>粘贴参考图</translation>
    </message>
    <message>
        <source>Clear the reference image</source>
        <translation>清除参考图</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <source>Choose a reference image</source>
        <translation>选择参考图</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading the pasted image…</source>
        <translation>正在读取粘贴的图片…</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>The pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)…</translation>
    </message>
    <message>
        <source>Browse for a reference image…</source>
        <translation>浏览选择参考图…</translation>
    </message>
    <message>
        <source>Replace the reference image…</source>
        <translation>替换参考图…</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>Reference image (optional)</source>
        <translation>参考图（可选）</translation>
    </message>
    <message>
        <source>Drop a file here, paste (Ctrl+V) or browse. A reference switches to edit mode.</source>
        <translation>将文件拖到这里、粘贴（Ctrl+V）或浏览选择。添加参考图后会切换到编辑模式。</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>{dimensions}, {size}</source>
        <translation>{dimensions}，{size}</translation>
    </message>
    <message>
        <source>Sent scaled down to at most {sent} (from {original})</source>
        <translation>发送时缩小为最多 {sent}（原为 {original}）</translation>
    </message>
    <message>
        <source>Animated: only its first frame is used</source>
        <translation>动图：只使用其第一帧</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>{width}×{height}</source>
        <translation>{width}×{height}</translation>
    </message>
    <message>
        <source>Took the first image of {count} files; the other was left out.</source>
        <translation>已采用 {count} 个文件中的第一张图片，另一个未采用。</translation>
    </message>
    <message>
        <source>Took the first image of {count} files; the others were left out.</source>
        <translation>已采用 {count} 个文件中的第一张图片，其余未采用。</translation>
    </message>
    <message>
        <source>Took the first of {count} files; the other was left out.</source>
        <translation>已采用 {count} 个文件中的第一个，另一个未采用。</translation>
    </message>
    <message>
        <source>Took the first of {count} files; the others were left out.</source>
        <translation>已采用 {count} 个文件中的第一个，其余未采用。</translation>
    </message>
</context>
<context>
    <name>RenameDialog</name>
    <message>
        <source>Rename artwork</source>
        <translation>重命名作品</translation>
    </message>
    <message>
        <source>Title (leave empty to use the prompt):</source>
        <translation>标题（留空则使用提示词）：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>&amp;Copy title</source>
        <translation>复制标题(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>“{title}” was deleted, so this title cannot be saved. Copy it to keep it.</source>
        <translation>“{title}”已被删除，因此无法保存此标题。如需保留，请复制它。</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so this title cannot be saved. Copy it to keep it.</source>
        <translation>“{title}”已被另一个程序删除，因此无法保存此标题。如需保留，请复制它。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>RestoreBar</name>
    <message>
        <source>This image was made with Kontext Studio.</source>
        <translation>这张图片由 Kontext Studio 生成。</translation>
    </message>
    <message>
        <source>Restore settings</source>
        <translation>恢复设置</translation>
    </message>
    <message>
        <source>Load its prompt, model and aspect ratio</source>
        <translation>载入它的提示词、模型和宽高比</translation>
    </message>
    <message>
        <source>“{prompt}” · {model} · {ratio}</source>
        <translation>“{prompt}” · {model} · {ratio}</translation>
    </message>
    <message>
        <source>shape of its reference</source>
        <translation>参考图的形状</translation>
    </message>
</context>
<context>
    <name>SaveActivity</name>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop saving; the images saved so far stay</source>
        <translation>停止保存；已保存的图片会保留</translation>
    </message>
    <message>
        <source>Stop saving the images</source>
        <translation>停止保存图片</translation>
    </message>
    <message>
        <source>Stopping the save…</source>
        <translation>正在停止保存…</translation>
    </message>
    <message>
        <source>Saving 1 image… {percent} %</source>
        <translation>正在保存 1 张图片… {percent}%</translation>
    </message>
    <message>
        <source>Saving {count} images… {percent} %</source>
        <translation>正在保存 {count} 张图片… {percent}%</translation>
    </message>
</context>
<context>
    <name>SavePresetDialog</name>
    <message>
        <source>Save as preset</source>
        <translation>存为预设</translation>
    </message>
    <message>
        <source>e.g. Moody portrait</source>
        <translation>例如：忧郁人像</translation>
    </message>
    <message>
        <source>Optional, shown in the Chinese interface</source>
        <translation>可选，在中文界面中显示</translation>
    </message>
    <message>
        <source>Optional: used when editing a reference</source>
        <translation>可选：编辑参考图时使用</translation>
    </message>
    <message>
        <source>Write {prompt} where your prompt goes; without it, the style is added after your prompt.</source>
        <translation>在提示词应出现的位置写 {prompt}；不写的话，风格会加在提示词之后。</translation>
    </message>
    <message>
        <source>Also switch the &amp;model to {model}</source>
        <translation>同时将模型切换为 {model}(&amp;M)</translation>
    </message>
    <message>
        <source>Also set the aspect &amp;ratio to {ratio}</source>
        <translation>同时将宽高比设为 {ratio}(&amp;R)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Style text</source>
        <translation>风格文字</translation>
    </message>
    <message>
        <source>When editing</source>
        <translation>编辑时</translation>
    </message>
    <message>
        <source>Give the preset a name.</source>
        <translation>请为预设起个名字。</translation>
    </message>
    <message>
        <source>Write the style text.</source>
        <translation>请填写风格文字。</translation>
    </message>
    <message>
        <source>This replaces the built-in style of the same name until you delete yours.</source>
        <translation>在你删除它之前，它会替代同名的内置风格。</translation>
    </message>
    <message>
        <source>This replaces your preset of the same name.</source>
        <translation>这会替换你的同名预设。</translation>
    </message>
</context>
<context>
    <name>SavingNotice</name>
    <message>
        <source>Saving your work before {app} closes…</source>
        <translation>正在保存你的工作，随后 {app} 将关闭…</translation>
    </message>
    <message>
        <source>Finishing the Delete before the switch…</source>
        <translation>正在完成删除，随后切换…</translation>
    </message>
    <message>
        <source>Finishing the Delete before {app} closes…</source>
        <translation>正在完成删除，随后 {app} 将关闭…</translation>
    </message>
    <message>
        <source>Finishing publishing before the switch…</source>
        <translation>正在完成发布，随后切换…</translation>
    </message>
    <message>
        <source>Finishing publishing before {app} closes…</source>
        <translation>正在完成发布，随后 {app} 将关闭…</translation>
    </message>
    <message>
        <source>Saving your work before the switch…</source>
        <translation>正在保存你的工作，随后切换…</translation>
    </message>
</context>
<context>
    <name>SentReference</name>
    <message>
        <source>Edit of {name}</source>
        <translation>编辑自 {name}</translation>
    </message>
    <message>
        <source>Reference image {name}</source>
        <translation>参考图 {name}</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图片</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>KIE account</source>
        <translation>KIE 账户</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Publishing (R2)</source>
        <translation>发布（R2）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Paste your KIE API key</source>
        <translation>粘贴你的 KIE API 密钥</translation>
    </message>
    <message>
        <source>Kontext Studio is in demo mode: results are simulated.</source>
        <translation>Kontext Studio 处于演示模式：结果为模拟生成。</translation>
    </message>
    <message>
        <source>Kontext Studio is live: jobs are sent to KIE.</source>
        <translation>Kontext Studio 已在线：任务会发送到 KIE。</translation>
    </message>
    <message>
        <source>A new or removed key takes effect once you switch to it (the window offers it when you save) or at the next start.</source>
        <translation>新增或移除的密钥在切换后生效（保存时窗口会提供切换按钮），或在下次启动时生效。</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>密钥环</translation>
    </message>
    <message>
        <source>0 is strictest; edits are capped at 2</source>
        <translation>0 为最严格；编辑图片时最高为 2</translation>
    </message>
    <message>
        <source>0 strict … {top} permissive (an edit: {edit} at most)</source>
        <translation>0 最严格 … {top} 最宽松（编辑最多 {edit}）</translation>
    </message>
    <message>
        <source>Safety tolerance</source>
        <translation>安全容忍度</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Where finished images are saved. Leave empty for the default folder. A new folder is used after a restart.</source>
        <translation>完成的图片保存在这里。留空则使用默认文件夹。新的文件夹在重启后生效。</translation>
    </message>
    <message>
        <source>How long a job waits for the demo server&apos;s image before it is marked timed out (Retry asks the demo server again, without lowering the demo balance). A new time is used after a restart.</source>
        <translation>任务等待演示服务器返回图片的最长时间，超过后标记为已超时（“重试”会再次询问演示服务器，不会减少演示余额）。新的时间在重启后生效。</translation>
    </message>
    <message>
        <source>How long a job waits for KIE&apos;s image before it is marked timed out (Retry asks KIE again, at no charge). A new time is used after a restart.</source>
        <translation>任务等待 KIE 返回图片的最长时间，超过后标记为已超时（“重试”会再次询问 KIE，不另收费）。新的时间在重启后生效。</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>图库文件夹</translation>
    </message>
    <message>
        <source>Account ID, or https://&lt;account&gt;.r2.cloudflarestorage.com</source>
        <translation>账户 ID，或 https://&lt;account&gt;.r2.cloudflarestorage.com</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>https://pub-….r2.dev or your domain</source>
        <translation>https://pub-….r2.dev 或你的域名</translation>
    </message>
    <message>
        <source>Reach the bucket with the values typed here (and the stored secret when the field is empty). Environment variables such as R2_SECRET_ACCESS_KEY take precedence.</source>
        <translation>使用这里填写的值（秘密访问密钥栏为空时改用已保存的）连接存储桶。R2_SECRET_ACCESS_KEY 等环境变量优先。</translation>
    </message>
    <message>
        <source>En&amp;dpoint</source>
        <translation>端点(&amp;D)</translation>
    </message>
    <message>
        <source>Set by {variable} in the environment, which wins over a value saved here.</source>
        <translation>由环境变量 {variable} 设置，优先于此处保存的值。</translation>
    </message>
    <message>
        <source>System default ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>Menus, messages and the command line use this language. A new language shows after Kontext Studio restarts.</source>
        <translation>菜单、消息和命令行都将使用此语言。更改语言后，需重启 Kontext Studio 才会生效。</translation>
    </message>
    <message>
        <source>{language} is in use: the {variable} environment variable sets it, whatever is chosen here. A language chosen here is saved, and is used once {variable} is no longer set.</source>
        <translation>当前使用{language}：由环境变量 {variable} 设定，与此处的选择无关。在此处选择的语言会被保存，在不再设置 {variable} 后使用。</translation>
    </message>
    <message>
        <source>No key could be read from the keyring. Type a key to use one.</source>
        <translation>未能从密钥环读取密钥。输入密钥即可使用。</translation>
    </message>
    <message>
        <source>No key yet: type one to generate with KIE.</source>
        <translation>尚无密钥：输入密钥即可通过 KIE 生成。</translation>
    </message>
    <message>
        <source>The keyring cannot be read now, so the stored key is not shown; the app goes on in live mode with the key it read at start.</source>
        <translation>密钥环现在无法读取，因此不显示已存储的密钥；应用继续以启动时读取的密钥在在线模式下运行。</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>显示 API 密钥</translation>
    </message>
    <message>
        <source>Clear the API key</source>
        <translation>清除 API 密钥</translation>
    </message>
    <message>
        <source>Remo&amp;ve stored key</source>
        <translation>移除已保存的密钥(&amp;V)</translation>
    </message>
    <message>
        <source>Test ke&amp;y</source>
        <translation>测试密钥(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;API key</source>
        <translation>API 密钥(&amp;A)</translation>
    </message>
    <message>
        <source>Translate prompts to Englis&amp;h</source>
        <translation>将提示词翻译成英文(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Enhance prompts (upsampling)</source>
        <translation>增强提示词（扩写）(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Aspect &amp;ratio</source>
        <translation>宽高比(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Output format</source>
        <translation>输出格式(&amp;O)</translation>
    </message>
    <message>
        <source>Safety &amp;tolerance</source>
        <translation>安全容忍度(&amp;T)</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>Browse for the library folder…</source>
        <translation>浏览选择图库文件夹…</translation>
    </message>
    <message>
        <source>Library &amp;folder</source>
        <translation>图库文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Give up waiting after</source>
        <translation>等待超时(&amp;G)</translation>
    </message>
    <message>
        <source>Show the secret access key</source>
        <translation>显示秘密访问密钥</translation>
    </message>
    <message>
        <source>Clear the secret access key</source>
        <translation>清除秘密访问密钥</translation>
    </message>
    <message>
        <source>Test co&amp;nnection</source>
        <translation>测试连接(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Bucket</source>
        <translation>存储桶(&amp;B)</translation>
    </message>
    <message>
        <source>Access key &amp;ID</source>
        <translation>访问密钥 ID(&amp;I)</translation>
    </message>
    <message>
        <source>Secret access &amp;key</source>
        <translation>秘密访问密钥(&amp;K)</translation>
    </message>
    <message>
        <source>Public base &amp;URL</source>
        <translation>公开访问网址(&amp;U)</translation>
    </message>
    <message>
        <source>Key &amp;prefix</source>
        <translation>对象键前缀(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Checking the system keyring…</source>
        <translation>正在检查系统密钥环…</translation>
    </message>
    <message>
        <source>Looking for a stored key…</source>
        <translation>正在查找已存储的密钥…</translation>
    </message>
    <message>
        <source>Looking for a stored secret…</source>
        <translation>正在查找已存储的秘密访问密钥…</translation>
    </message>
    <message>
        <source>{backend}: works. Keys are stored there, nowhere else.</source>
        <translation>{backend}：可用。密钥只保存在这里，不会存放在其他地方。</translation>
    </message>
    <message>
        <source>{detail}
A key you enter is kept for this session only: enter it again after a restart, or set KIE_API_KEY in the environment.</source>
        <translation>{detail}
你输入的密钥仅在本次运行中保留：重启后请重新输入，或在环境变量中设置 KIE_API_KEY。</translation>
    </message>
    <message>
        <source>{detail}
A key you enter is kept for this session only: save it again once the keyring can be read, as a key it may hold is the one used after a restart.</source>
        <translation>{detail}
你输入的密钥只在本次运行中保留：请在能读取密钥环时再保存一次，因为重启后使用的是它可能保存的密钥。</translation>
    </message>
    <message>
        <source>The stored key will be removed when you save.</source>
        <translation>保存时将移除已存储的密钥。</translation>
    </message>
    <message>
        <source>A key is kept for this session only: the keyring did not take it, and still holds an older one, which is used after a restart. Save the key again once the keyring takes it.</source>
        <translation>密钥只在本次运行中保留：密钥环没有接收它，且仍保存着旧的密钥，重启后会使用旧的。请在密钥环能够接收时再次保存密钥。</translation>
    </message>
    <message>
        <source>A key is kept for this session only: a restart forgets it. The keyring did not take it, and holds a damaged entry for the key, which cannot be read: save the key again once the keyring takes it.</source>
        <translation>密钥只在本次运行中保留：重启后会丢失。密钥环没有接收它，且保存着该密钥的一个已损坏、无法读取的条目：请在密钥环能够接收时再次保存密钥。</translation>
    </message>
    <message>
        <source>A key is kept for this session only. The keyring cannot be read now: a key it may hold is the one used after a restart.</source>
        <translation>密钥只在本次运行中保留。现在无法读取密钥环：重启后使用的是它可能保存的密钥。</translation>
    </message>
    <message>
        <source>A key is kept for this session only: a restart forgets it.</source>
        <translation>密钥只在本次运行中保留：重启后会丢失。</translation>
    </message>
    <message>
        <source>The key comes from KIE_API_KEY in the environment. A key typed here takes its place.</source>
        <translation>密钥来自环境变量 KIE_API_KEY。在此输入的密钥将取而代之。</translation>
    </message>
    <message>
        <source>A key is set. Type a new one to replace it.</source>
        <translation>已设置密钥。输入新密钥即可替换。</translation>
    </message>
    <message>
        <source>This key is not saved yet: Save puts it in place of the stored one.</source>
        <translation>此密钥尚未保存：保存后将替换已存储的密钥。</translation>
    </message>
    <message>
        <source>This key is not saved yet: Save keeps it.</source>
        <translation>此密钥尚未保存：保存后即可保留。</translation>
    </message>
    <message>
        <source>The API key stays in use from the environment (KIE_API_KEY).</source>
        <translation>API 密钥仍从环境变量（KIE_API_KEY）中使用。</translation>
    </message>
    <message>
        <source>the API key and the R2 secret</source>
        <translation>API 密钥和 R2 秘密访问密钥</translation>
    </message>
    <message>
        <source>the API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>the R2 secret</source>
        <translation>R2 秘密访问密钥</translation>
    </message>
    <message>
        <source>{backend}: it did not answer when asked to store {what} you saved.</source>
        <translation>{backend}：要求它存储你保存的 {what}时，它没有响应。</translation>
    </message>
    <message>
        <source>It did not answer when asked to store {what} you saved.</source>
        <translation>要求它存储你保存的 {what}时，它没有响应。</translation>
    </message>
    <message>
        <source>{backend}: no system keyring could be used when you saved {what}.</source>
        <translation>{backend}：你保存 {what}时，没有可用的系统密钥环。</translation>
    </message>
    <message>
        <source>No system keyring could be used when you saved {what}.</source>
        <translation>你保存 {what}时，没有可用的系统密钥环。</translation>
    </message>
    <message>
        <source>{backend}: it did not take {what} you saved (it is locked, its unlock prompt was dismissed, or it refused).</source>
        <translation>{backend}：它没有接收你保存的 {what}（它已锁定、解锁提示被关闭，或它拒绝了）。</translation>
    </message>
    <message>
        <source>It did not take {what} you saved (it is locked, its unlock prompt was dismissed, or it refused).</source>
        <translation>它没有接收你保存的 {what}（它已锁定、解锁提示被关闭，或它拒绝了）。</translation>
    </message>
    <message>
        <source>Both are kept for this session only.</source>
        <translation>两者都只在本次运行中保留。</translation>
    </message>
    <message>
        <source>The API key is kept for this session only.</source>
        <translation>API 密钥只在本次运行中保留。</translation>
    </message>
    <message>
        <source>The R2 secret is kept for this session only.</source>
        <translation>R2 秘密访问密钥只在本次运行中保留。</translation>
    </message>
    <message>
        <source>Unlock it, then save them again once it answers.</source>
        <translation>请先解锁，等它有响应时再保存一次。</translation>
    </message>
    <message>
        <source>Unlock it, then save them again.</source>
        <translation>请先解锁，然后再保存一次。</translation>
    </message>
    <message>
        <source>Save them again once the keyring answers (if it still does not, restart its service, or log out and back in).</source>
        <translation>等密钥环有响应时，请再保存一次（如果仍无响应，请重启它的服务，或注销后重新登录）。</translation>
    </message>
    <message>
        <source>Save it again once the keyring answers (if it still does not, restart its service, or log out and back in).</source>
        <translation>等密钥环有响应时，请再保存一次（如果仍无响应，请重启它的服务，或注销后重新登录）。</translation>
    </message>
    <message>
        <source>Save them again once the keyring takes them.</source>
        <translation>等密钥环能够接收时，请再保存一次。</translation>
    </message>
    <message>
        <source>Save it again once the keyring takes it.</source>
        <translation>等密钥环能够接收时，请再保存一次。</translation>
    </message>
    <message>
        <source>Save them again to store them there.</source>
        <translation>请再保存一次，把它们存入密钥环。</translation>
    </message>
    <message>
        <source>Save it again to store it there.</source>
        <translation>请再保存一次，把它存入密钥环。</translation>
    </message>
    <message>
        <source>The key stored in the keyring is damaged and cannot be read, so the key from KIE_API_KEY in the environment is used. Type the key to replace the damaged entry, or remove it.</source>
        <translation>密钥环中保存的密钥已损坏，无法读取，因此使用环境变量 KIE_API_KEY 中的密钥。输入密钥即可替换已损坏的条目，也可以将其删除。</translation>
    </message>
    <message>
        <source>The key stored in the keyring is damaged and cannot be read: type the key again to replace it.</source>
        <translation>密钥环中保存的密钥已损坏，无法读取：请重新输入密钥以替换它。</translation>
    </message>
    <message>
        <source>A secret is kept for this session only: the keyring did not take it, and still holds an older one. Until it takes the new one, R2 changes you save here last for this session only: after a restart, publishing uses the older secret with the R2 settings saved with it. Type the new secret and save again once the keyring takes it.</source>
        <translation>秘密访问密钥只在本次运行中保留：密钥环没有接收它，且仍保存着旧的密钥。在密钥环接收新的密钥之前，你在这里保存的 R2 更改只在本次运行中有效：重启后，发布会使用旧的密钥以及与它一起保存的 R2 设置。请在密钥环能够接收时重新输入新的密钥并再次保存。</translation>
    </message>
    <message>
        <source>A secret is kept for this session only. The keyring cannot be read now: a secret it may hold is the one used after a restart, with the R2 settings saved with it, so R2 changes you save here last for this session only. Save the secret again once the keyring can be read, or set R2_SECRET_ACCESS_KEY in the environment.</source>
        <translation>秘密访问密钥只在本次运行中保留。现在无法读取密钥环：重启后使用的是它可能保存的秘密访问密钥，以及与它一起保存的 R2 设置，因此你在这里保存的 R2 更改只在本次运行中有效。请在密钥环能够读取时再次保存密钥，或在环境变量中设置 R2_SECRET_ACCESS_KEY。</translation>
    </message>
    <message>
        <source>A secret is kept for this session only: a restart forgets it (or set R2_SECRET_ACCESS_KEY in the environment).</source>
        <translation>秘密访问密钥只在本次运行中保留：重启后会丢失（或在环境变量中设置 R2_SECRET_ACCESS_KEY）。</translation>
    </message>
    <message>
        <source>A secret is stored. Type a new one to replace it.</source>
        <translation>已存储秘密访问密钥。输入新的即可替换。</translation>
    </message>
    <message>
        <source>The secret stored in the keyring is damaged and cannot be read: type the secret again to replace it.</source>
        <translation>密钥环中保存的秘密访问密钥已损坏，无法读取：请重新输入以替换它。</translation>
    </message>
    <message>
        <source>No secret could be read from the keyring: a secret you enter is kept for this session only (or set R2_SECRET_ACCESS_KEY in the environment).</source>
        <translation>未能从密钥环读取秘密访问密钥：你输入的秘密访问密钥仅在本次运行中保留（也可在环境变量 R2_SECRET_ACCESS_KEY 中设置）。</translation>
    </message>
    <message>
        <source>No system keyring works here: a secret you enter is kept for this session only (or set R2_SECRET_ACCESS_KEY in the environment).</source>
        <translation>此系统上没有可用的密钥环：你输入的秘密访问密钥仅在本次运行中保留（也可在环境变量 R2_SECRET_ACCESS_KEY 中设置）。</translation>
    </message>
    <message>
        <source>No secret stored yet.</source>
        <translation>尚未存储秘密访问密钥。</translation>
    </message>
    <message>
        <source>Asking KIE…</source>
        <translation>正在询问 KIE…</translation>
    </message>
    <message>
        <source>Type a key to test.</source>
        <translation>请输入要测试的密钥。</translation>
    </message>
    <message>
        <source>Test again in a moment.</source>
        <translation>请稍后再测试一次。</translation>
    </message>
    <message>
        <source>Check your internet connection and test again.</source>
        <translation>请检查网络连接后再测试一次。</translation>
    </message>
    <message>
        <source>Copy the API key from your account on kie.ai, paste it here and test again.</source>
        <translation>请从 kie.ai 账户中复制 API 密钥，粘贴到这里后再测试一次。</translation>
    </message>
    <message>
        <source>Type the key here to test it; saving it replaces the damaged entry.</source>
        <translation>在此输入密钥即可测试；保存后会替换已损坏的条目。</translation>
    </message>
    <message>
        <source>Test again; if the keyring still does not answer, restart its service (or log out and back in). Or type a key here to test it.</source>
        <translation>请再测试一次；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。也可以在这里输入密钥进行测试。</translation>
    </message>
    <message>
        <source>Unlock the keyring, then test again; or type a key here to test it.</source>
        <translation>请解锁密钥环后再测试一次；或在这里输入密钥进行测试。</translation>
    </message>
    <message>
        <source>The key in use works: {balance} credits.</source>
        <translation>正在使用的密钥可用：剩余 {balance} 积分。</translation>
    </message>
    <message>
        <source>The key works: {balance} credits.</source>
        <translation>密钥可用：剩余 {balance} 积分。</translation>
    </message>
    <message>
        <source>Connecting to the bucket…</source>
        <translation>正在连接存储桶…</translation>
    </message>
    <message>
        <source>Connected: bucket {bucket} at {host} answers.</source>
        <translation>已连接：{host} 上的存储桶 {bucket} 有响应。</translation>
    </message>
    <message>
        <source>Type the secret access key above to test it; saving it replaces the damaged entry.</source>
        <translation>在上面输入秘密访问密钥即可测试；保存后会替换已损坏的条目。</translation>
    </message>
    <message>
        <source>Test again; if the keyring still does not answer, restart its service (or log out and back in). Or type the secret access key above to test it.</source>
        <translation>请再测试一次；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。也可以在上面输入秘密访问密钥进行测试。</translation>
    </message>
    <message>
        <source>Unlock the keyring, then test again; or type the secret access key above to test it.</source>
        <translation>请解锁密钥环后再测试一次；或在上面输入秘密访问密钥进行测试。</translation>
    </message>
    <message>
        <source>Correct it in the environment variable named under its field, then restart Kontext Studio: the variables are read when it starts.</source>
        <translation>请在该字段下方注明的环境变量中更正它，然后重新启动 Kontext Studio：环境变量在启动时读取。</translation>
    </message>
    <message>
        <source>Fill in the empty fields above, then test again.</source>
        <translation>请填写上面空着的字段，然后再测试。</translation>
    </message>
    <message>
        <source>Complete or correct the fields above, then test again.</source>
        <translation>请补全或更正上面的字段，然后再测试。</translation>
    </message>
    <message>
        <source>The connection test failed.</source>
        <translation>连接测试失败。</translation>
    </message>
    <message>
        <source>Asking KIE… Saving once KIE answers.</source>
        <translation>正在询问 KIE… KIE 答复后即保存。</translation>
    </message>
    <message>
        <source>Save a rejected key?</source>
        <translation>保存被拒绝的密钥？</translation>
    </message>
    <message>
        <source>KIE rejected this API key when you tested it. Save it anyway?</source>
        <translation>测试时 KIE 拒绝了这个 API 密钥。仍要保存吗？</translation>
    </message>
    <message>
        <source>Jobs sent with it would be refused. Copy the API key from your account on kie.ai, paste it here and test again.</source>
        <translation>用它发送的任务会被拒绝。请从 kie.ai 账户中复制 API 密钥，粘贴到这里后再测试一次。</translation>
    </message>
    <message>
        <source>&amp;Save anyway</source>
        <translation>仍然保存(&amp;S)</translation>
    </message>
    <message>
        <source>Waiting for the keyring… {seconds} s</source>
        <translation>正在等待密钥环… {seconds} 秒</translation>
    </message>
    <message>
        <source>The system keyring did not answer when asked to take the new R2 secret back out, so it may hold that secret beside the R2 settings saved before: publishing may be refused until they are saved with it. The rest is unchanged.</source>
        <translation>要求系统密钥环撤回新的 R2 秘密访问密钥时，它没有响应，因此它可能仍保存着该密钥，与之前保存的 R2 设置放在一起：在它们一起保存之前，发布可能会被拒绝。其余内容没有改变。</translation>
    </message>
    <message>
        <source>The system keyring refused to take the new R2 secret back out, so it holds that secret beside the R2 settings saved before: publishing may be refused until they are saved with it. The rest is unchanged.</source>
        <translation>系统密钥环拒绝撤回新的 R2 秘密访问密钥，因此它与之前保存的 R2 设置放在一起：在它们一起保存之前，发布可能会被拒绝。其余内容没有改变。</translation>
    </message>
    <message>
        <source>The R2 secret&apos;s damaged entry in the system keyring was removed; the rest is unchanged.</source>
        <translation>系统密钥环中 R2 秘密访问密钥的已损坏条目已被删除；其余内容没有改变。</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>没有做任何更改。</translation>
    </message>
    <message>
        <source>The settings could not be saved: the disk they are on is full.</source>
        <translation>无法保存设置：设置所在的磁盘已满。</translation>
    </message>
    <message>
        <source>Free some space on that disk ({folder}), then save again.</source>
        <translation>请在该磁盘（{folder}）上腾出一些空间，然后再次保存。</translation>
    </message>
    <message>
        <source>The key was not removed: the system keyring does not answer, and may hold a key too. The key kept for this session stays in use until both can be removed.</source>
        <translation>密钥未被移除：系统密钥环没有响应，其中也可能保存着密钥。在两者都能移除之前，本次运行中保留的密钥会继续使用。</translation>
    </message>
    <message>
        <source>The key was not removed: the system keyring refused (it is locked, or its unlock prompt was dismissed), and may hold a key too. The key kept for this session stays in use until both can be removed.</source>
        <translation>密钥未被移除：系统密钥环拒绝了操作（它已锁定，或其解锁提示被关闭），其中也可能保存着密钥。在两者都能移除之前，本次运行中保留的密钥会继续使用。</translation>
    </message>
    <message>
        <source>The key was not removed: the keyring refused to remove the KIE API key&apos;s damaged entry, which is still there. The key kept for this session only stays in use until Kontext Studio closes: a restart forgets it.</source>
        <translation>密钥没有被移除：密钥环拒绝删除 KIE API 密钥的已损坏条目，它仍在其中。只在本次运行中保留的密钥会一直使用到 Kontext Studio 关闭：重启后会丢失。</translation>
    </message>
    <message>
        <source>The stored key was not removed: the system keyring does not answer.</source>
        <translation>已保存的密钥没有被移除：系统密钥环没有响应。</translation>
    </message>
    <message>
        <source>Save again; if the keyring still does not answer, restart its service (or log out and back in).</source>
        <translation>请再次保存；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。</translation>
    </message>
    <message>
        <source>The stored key was not removed: the system keyring refused (it is locked, or its unlock prompt was dismissed).</source>
        <translation>已保存的密钥没有被移除：系统密钥环拒绝了（已锁定，或解锁提示被关闭）。</translation>
    </message>
    <message>
        <source>Unlock the keyring, then save again.</source>
        <translation>请解锁密钥环，然后再次保存。</translation>
    </message>
    <message>
        <source>Your other changes were saved.</source>
        <translation>你的其他更改已保存。</translation>
    </message>
    <message>
        <source>These R2 settings cannot work: {0}.</source>
        <translation>这些 R2 设置无法使用：{0}。</translation>
    </message>
    <message>
        <source>Correct the field, or clear it if you do not publish.</source>
        <translation>请改正该字段；如果不发布，也可以清空它。</translation>
    </message>
    <message>
        <source>Choose the library folder</source>
        <translation>选择图库文件夹</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>In the library (the selected artwork)</source>
        <translation>在图库中（选中的作品）</translation>
    </message>
    <message>
        <source>In the prompt box</source>
        <translation>在提示词框中</translation>
    </message>
    <message>
        <source>In the search box</source>
        <translation>在搜索框中</translation>
    </message>
    <message>
        <source>In the full view (Return on an artwork)</source>
        <translation>全屏查看中（在作品上按回车）</translation>
    </message>
    <message>
        <source>On a zoomed-in picture (full view; preview once clicked or reached by Tab)</source>
        <translation>在放大的图片上（全屏查看中；预览中需先点击图片或用 Tab 键移到图片上）</translation>
    </message>
    <message>
        <source>In the aspect ratios (one Tab stop)</source>
        <translation>在宽高比按钮中（Tab 键只停一次）</translation>
    </message>
    <message>
        <source>In the Upload tab&apos;s list of files</source>
        <translation>在上传页的文件列表中</translation>
    </message>
    <message>
        <source>In Settings</source>
        <translation>在设置中</translation>
    </message>
    <message>
        <source>Paste a reference image (an image pasted into the prompt works too)</source>
        <translation>粘贴参考图（粘贴到提示词框中的图片同样有效）</translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation>搜索图库</translation>
    </message>
    <message>
        <source>Go to the prompt, its words selected to type over</source>
        <translation>转到提示词，选中其中文字以便直接改写</translation>
    </message>
    <message>
        <source>Zoom the preview in</source>
        <translation>放大预览</translation>
    </message>
    <message>
        <source>Zoom the preview out</source>
        <translation>缩小预览</translation>
    </message>
    <message>
        <source>Fit the preview to the window</source>
        <translation>预览适应窗口</translation>
    </message>
    <message>
        <source>Preview at 100 % (one pixel of the file per screen pixel)</source>
        <translation>以 100% 预览（文件的一个像素对应屏幕的一个像素）</translation>
    </message>
    <message>
        <source>Next tab (Generate, Upload), from the library too</source>
        <translation>下一个标签页（生成、上传），在图库中也可用</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>Widen the preview (the library narrower)</source>
        <translation>加宽预览（图库随之变窄）</translation>
    </message>
    <message>
        <source>Narrow the preview (the library wider)</source>
        <translation>收窄预览（图库随之变宽）</translation>
    </message>
    <message>
        <source>Taller details in the preview (a shorter picture)</source>
        <translation>让预览中的详情区变高（图片随之变矮）</translation>
    </message>
    <message>
        <source>Shorter details in the preview (a taller picture)</source>
        <translation>让预览中的详情区变矮（图片随之变高）</translation>
    </message>
    <message>
        <source>Statistics of the jobs</source>
        <translation>任务统计</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Show these keyboard shortcuts</source>
        <translation>显示这些键盘快捷键</translation>
    </message>
    <message>
        <source>Show recent prompts</source>
        <translation>显示最近的提示词</translation>
    </message>
    <message>
        <source>Previous recent prompt</source>
        <translation>上一条最近的提示词</translation>
    </message>
    <message>
        <source>Next recent prompt (back to what you typed)</source>
        <translation>下一条最近的提示词（回到你输入的内容）</translation>
    </message>
    <message>
        <source>Edit title, description and tags (add tags to several)</source>
        <translation>编辑标题、描述和标签（选中多件时添加标签）</translation>
    </message>
    <message>
        <source>Undo the last Rename, Edit details, Add tags, Star or Delete</source>
        <translation>撤销最近一次重命名、编辑详情、添加标签、收藏或删除</translation>
    </message>
    <message>
        <source>Redo what Undo took back</source>
        <translation>重做被撤销的操作</translation>
    </message>
    <message>
        <source>Save the image as… (several into a folder)</source>
        <translation>图片另存为…（选中多张时保存到文件夹）</translation>
    </message>
    <message>
        <source>Select every artwork shown</source>
        <translation>选中显示的全部作品</translation>
    </message>
    <message>
        <source>Select a range of artworks (Ctrl+click: one more)</source>
        <translation>选中连续的多件作品（Ctrl+单击：再加选一件）</translation>
    </message>
    <message>
        <source>Select a range of artworks, a row at a time</source>
        <translation>逐行选中连续的多件作品</translation>
    </message>
    <message>
        <source>Last artwork of the whole library (the rest is read)</source>
        <translation>整个图库的最后一件作品（其余的会先读入）</translation>
    </message>
    <message>
        <source>Select up to the last artwork of the whole library</source>
        <translation>一直选到整个图库的最后一件作品</translation>
    </message>
    <message>
        <source>Back to the window</source>
        <translation>返回窗口</translation>
    </message>
    <message>
        <source>Previous artwork (while the picture fits across)</source>
        <translation>上一件作品（图片宽度完整显示时）</translation>
    </message>
    <message>
        <source>Next artwork (while the picture fits across)</source>
        <translation>下一件作品（图片宽度完整显示时）</translation>
    </message>
    <message>
        <source>First artwork (while the picture fits)</source>
        <translation>第一件作品（图片完整显示时）</translation>
    </message>
    <message>
        <source>Last artwork (while the picture fits)</source>
        <translation>最后一件作品（图片完整显示时）</translation>
    </message>
    <message>
        <source>Star or unstar the artwork</source>
        <translation>收藏或取消收藏这件作品</translation>
    </message>
    <message>
        <source>Rename the artwork</source>
        <translation>重命名这件作品</translation>
    </message>
    <message>
        <source>Edit its title, description and tags</source>
        <translation>编辑它的标题、描述和标签</translation>
    </message>
    <message>
        <source>Save the image as…</source>
        <translation>图片另存为…</translation>
    </message>
    <message>
        <source>Publish the artwork to R2</source>
        <translation>将这件作品发布到 R2</translation>
    </message>
    <message>
        <source>Retry the job (failed, timed out or cancelled)</source>
        <translation>重试任务（失败、超时或已取消的）</translation>
    </message>
    <message>
        <source>Move the before/after slider (in the preview too)</source>
        <translation>移动前后对比的滑块（预览中也可以）</translation>
    </message>
    <message>
        <source>Scroll the picture a step up or down</source>
        <translation>将图片向上或向下滚动一步</translation>
    </message>
    <message>
        <source>Scroll a wide picture a step across</source>
        <translation>将宽图片横向滚动一步</translation>
    </message>
    <message>
        <source>Scroll the picture by most of the view</source>
        <translation>将图片滚动大半个视区</translation>
    </message>
    <message>
        <source>To the top or bottom of the picture (the edges of a wide one)</source>
        <translation>到图片的顶部或底部（宽图片则到左右边缘）</translation>
    </message>
    <message>
        <source>Choose another aspect ratio</source>
        <translation>选择其他宽高比</translation>
    </message>
    <message>
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <source>Take the file off the list</source>
        <translation>将文件移出列表</translation>
    </message>
    <message>
        <source>The KIE account page</source>
        <translation>“KIE 账户”页</translation>
    </message>
    <message>
        <source>The Defaults page</source>
        <translation>“默认值”页</translation>
    </message>
    <message>
        <source>The Library page</source>
        <translation>“图库”页</translation>
    </message>
    <message>
        <source>The Publishing (R2) page</source>
        <translation>“发布（R2）”页</translation>
    </message>
    <message>
        <source>The Language page</source>
        <translation>“语言”页</translation>
    </message>
    <message>
        <source>First artwork</source>
        <translation>第一件作品</translation>
    </message>
    <message>
        <source>Go to the artworks found (the search run at once)</source>
        <translation>转到找到的作品（立即搜索）</translation>
    </message>
    <message>
        <source>Delete the artwork (asks first), then show the next</source>
        <translation>删除这件作品（会先确认），然后显示下一件</translation>
    </message>
    <message>
        <source>Before and after, for an edit (drag the slider)</source>
        <translation>编辑前后对比（拖动滑块）</translation>
    </message>
    <message>
        <source>View the artwork full screen (of several, the one shown)</source>
        <translation>全屏查看作品（选中多件时：预览中显示的那件）</translation>
    </message>
    <message>
        <source>Anywhere in the window (the full view closes first; it zooms itself)</source>
        <translation>窗口中任意位置（全屏查看会先退出；缩放键缩放全屏查看本身）</translation>
    </message>
    <message>
        <source>Generate (Upload tab, full view: show the prompt, sending nothing)</source>
        <translation>生成（在“上传”页或全屏查看中：显示提示词，不发送任何内容）</translation>
    </message>
    <message>
        <source>Cancel the job (several, none running: select just the one shown)</source>
        <translation>取消任务（选中多件且均未在进行时：只选中预览中显示的那件）</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Star or unstar</source>
        <translation>收藏或取消收藏</translation>
    </message>
    <message>
        <source>Retry a failed job</source>
        <translation>重试失败的任务</translation>
    </message>
    <message>
        <source>Publish to R2</source>
        <translation>发布到 R2</translation>
    </message>
    <message>
        <source>Delete (asks first)</source>
        <translation>删除（会先确认）</translation>
    </message>
    <message>
        <source>Copy the image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Copy the prompt</source>
        <translation>复制提示词</translation>
    </message>
    <message>
        <source>Every action for the artwork (a menu)</source>
        <translation>该作品的全部操作（菜单）</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <source>{value}%</source>
        <translation>{value}%</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Success rate (of finished jobs)</source>
        <translation>成功率（已结束的任务）</translation>
    </message>
    <message>
        <source>Mean generation time</source>
        <translation>平均生成时间</translation>
    </message>
    <message>
        <source>90% finish within</source>
        <translation>90% 的任务在此时间内完成</translation>
    </message>
    <message>
        <source>Artworks in the library</source>
        <translation>图库中的作品</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No images generated yet.</source>
        <translation>还没有生成过图片。</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>No jobs yet</source>
        <translation>还没有任务</translation>
    </message>
    <message>
        <source>Once you have generated images, this window shows how many succeeded, how long they took, and your jobs per day, per model and by kind of error.</source>
        <translation>生成图片后，此窗口会显示成功的数量、所用的时间，以及每天、每个模型和每种错误的任务数。</translation>
    </message>
    <message>
        <source>To make your first, type a prompt on the Generate tab and press {keys}.</source>
        <translation>要生成第一张图片，请在“生成”标签页输入提示词，然后按 {keys}。</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Counted from the jobs and uploads in your library now: each job is one image asked for (a Generate of 4 images is 4 jobs), and deleted ones are not counted.</source>
        <translation>按图库中现有的任务和上传计算：每个任务是所要的一张图片（一次生成 4 张图片算 4 个任务），已删除的不计入。</translation>
    </message>
    <message>
        <source>No failed jobs.</source>
        <translation>没有失败的任务。</translation>
    </message>
    <message>
        <source>Per model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <source>Errors by kind</source>
        <translation>按错误类型</translation>
    </message>
    <message>
        <source>The statistics could not be computed.</source>
        <translation>无法计算统计数据。</translation>
    </message>
    <message>
        <source>1 generation job</source>
        <translation>生成任务 1 个</translation>
    </message>
    <message>
        <source>{n} generation jobs</source>
        <translation>生成任务 {n} 个</translation>
    </message>
    <message>
        <source>{n} uploaded</source>
        <translation>已上传 {n} 件</translation>
    </message>
    <message>
        <source>1 extra image of a job</source>
        <translation>任务的额外图片 1 张</translation>
    </message>
    <message>
        <source>{n} extra images of jobs</source>
        <translation>任务的额外图片 {n} 张</translation>
    </message>
    <message>
        <source>1 job sent to KIE in live mode is not counted among the jobs here: the statistics in live mode count it.</source>
        <translation>有 1 个在在线模式下发送给 KIE 的任务未计入此处的任务：在线模式下的统计会计入它。</translation>
    </message>
    <message>
        <source>{n} jobs sent to KIE in live mode are not counted among the jobs here: the statistics in live mode count them.</source>
        <translation>有 {n} 个在在线模式下发送给 KIE 的任务未计入此处的任务：在线模式下的统计会计入它们。</translation>
    </message>
    <message>
        <source>1 demo job is not counted among the jobs here: the statistics in demo mode count it.</source>
        <translation>有 1 个演示任务未计入此处的任务：演示模式下的统计会计入它。</translation>
    </message>
    <message>
        <source>{n} demo jobs are not counted among the jobs here: the statistics in demo mode count them.</source>
        <translation>有 {n} 个演示任务未计入此处的任务：演示模式下的统计会计入它们。</translation>
    </message>
    <message>
        <source>No images generated in demo mode yet.</source>
        <translation>演示模式下还没有生成过图片。</translation>
    </message>
    <message>
        <source>No images generated in live mode yet.</source>
        <translation>在线模式下还没有生成过图片。</translation>
    </message>
    <message>
        <source>{n} queued</source>
        <translation>排队中 {n} 件</translation>
    </message>
    <message>
        <source>{n} uploading</source>
        <translation>上传中 {n} 件</translation>
    </message>
    <message>
        <source>{n} sending</source>
        <translation>提交中 {n} 件</translation>
    </message>
    <message>
        <source>{n} generating</source>
        <translation>生成中 {n} 件</translation>
    </message>
    <message>
        <source>{n} downloading</source>
        <translation>下载中 {n} 件</translation>
    </message>
    <message>
        <source>{n} completed</source>
        <translation>已完成 {n} 件</translation>
    </message>
    <message>
        <source>{n} failed</source>
        <translation>失败 {n} 件</translation>
    </message>
    <message>
        <source>{n} timed out</source>
        <translation>已超时 {n} 件</translation>
    </message>
    <message>
        <source>{n} with outcome unknown</source>
        <translation>结果未知 {n} 件</translation>
    </message>
    <message>
        <source>{n} cancelled</source>
        <translation>已取消 {n} 件</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>date format of the day range, see QDate::toString</comment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Jobs per day, {first} – {last}</source>
        <translation>每日任务数，{first} – {last}</translation>
    </message>
</context>
<context>
    <name>TaskIdDialog</name>
    <message>
        <source>Enter task ID</source>
        <translation>输入任务 ID</translation>
    </message>
    <message>
        <source>If the demo server made “{0}”, its task ID lets the job follow that task instead of being sent again. The demo server is asked about it first.</source>
        <translation>如果演示服务器已生成“{0}”，填入其任务 ID 后，此任务将跟踪该任务，而不会再次发送。会先向演示服务器查询该任务。</translation>
    </message>
    <message>
        <source>If KIE made “{0}”, its task is in the logs of your account on kie.ai. Paste its task ID: KIE is asked about it (free), and when the task was made for this job&apos;s prompt, the job follows it and brings its image, without being sent or paid for again.</source>
        <translation>如果 KIE 已生成“{0}”，该任务会出现在你的 kie.ai 账户日志中。请粘贴其任务 ID：会向 KIE 查询该任务（免费）；如果它是为此任务的提示词生成的，此任务将跟踪它并取回图片，不会再次发送或重复扣费。</translation>
    </message>
    <message>
        <source>&amp;Task ID:</source>
        <translation>任务 ID(&amp;T)：</translation>
    </message>
    <message>
        <source>as the logs on kie.ai show it</source>
        <translation>按 kie.ai 日志中显示的样子</translation>
    </message>
    <message>
        <source>&amp;Use this task</source>
        <translation>使用此任务(&amp;U)</translation>
    </message>
    <message>
        <source>Too late to cancel: the job follows this task now.</source>
        <translation>来不及取消了：它现在已跟踪此任务。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>“{title}” was deleted by another program, so this task ID cannot be given to it.</source>
        <translation>“{title}”已被另一个程序删除，因此无法把此任务 ID 用于它。</translation>
    </message>
    <message>
        <source>The demo server answered a send of “{title}” meanwhile with its task, “{task_id}”: Retry fetches its image; it needs no task ID.</source>
        <translation>在此期间，演示服务器已用其任务“{task_id}”回复了“{title}”的一次发送：重试即可取回其图片；它无需任务 ID。</translation>
    </message>
    <message>
        <source>KIE answered a send of “{title}” meanwhile with its task, “{task_id}”: Retry fetches its image without paying again; it needs no task ID.</source>
        <translation>在此期间，KIE 已用其任务“{task_id}”回复了“{title}”的一次发送：重试即可取回其图片，不会再次扣费；它无需任务 ID。</translation>
    </message>
    <message>
        <source>“{title}” was carried on or answered meanwhile: it needs no task ID now.</source>
        <translation>“{title}”在此期间已继续进行或已收到回复：现在无需任务 ID。</translation>
    </message>
    <message>
        <source>Waiting for the demo server&apos;s answer to this job&apos;s cancelled send first; then it is asked about this task…</source>
        <translation>正在先等待演示服务器对它那次已取消发送的回复，然后再向演示服务器查询此任务…</translation>
    </message>
    <message>
        <source>Waiting for KIE&apos;s answer to this job&apos;s cancelled send first; then KIE is asked about this task…</source>
        <translation>正在先等待 KIE 对它那次已取消发送的回复，然后再向 KIE 查询此任务…</translation>
    </message>
    <message>
        <source>Asking the demo server about this task…</source>
        <translation>正在向演示服务器查询此任务…</translation>
    </message>
    <message>
        <source>Asking KIE about this task…</source>
        <translation>正在向 KIE 查询此任务…</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>May be gone</source>
        <translation>可能已移除</translation>
    </message>
    <message>
        <source>Gone?</source>
        <translation>已移除？</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Published elsewhere</source>
        <translation>已发布到别处</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>在别处</translation>
    </message>
</context>
<context>
    <name>UnsentJobs</name>
    <message>
        <source>Send again, once each, the jobs that failed before reaching the demo server</source>
        <translation>把未送达演示服务器就失败的任务各重新发送一次</translation>
    </message>
    <message>
        <source>Send again, once each, the jobs that failed before reaching KIE</source>
        <translation>把未送达 KIE 就失败的任务各重新发送一次</translation>
    </message>
    <message>
        <source>Retry 1 job that was not sent</source>
        <translation>重试 1 个未发送的任务</translation>
    </message>
    <message>
        <source>Retry {count} jobs that were not sent</source>
        <translation>重试 {count} 个未发送的任务</translation>
    </message>
</context>
<context>
    <name>UpgradeNotice</name>
    <message>
        <source>The library is being upgraded by another {app}.
Waiting for it to finish…</source>
        <translation>图库正由另一个 {app} 升级。
正在等待它完成…</translation>
    </message>
</context>
<context>
    <name>UploadRow</name>
    <message>
        <source>Remove from the list (the file is not touched)</source>
        <translation>从列表中移除（不会改动文件）</translation>
    </message>
    <message>
        <source>Remove {name} from the list</source>
        <translation>从列表中移除 {name}</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Cannot remove while it is being copied into your library</source>
        <translation>正在复制到图库，暂时无法移除</translation>
    </message>
    <message>
        <source>Cannot remove while it waits its turn: press Stop first</source>
        <translation>正在排队等待，无法移除：请先按“停止”</translation>
    </message>
    <message>
        <source>Cannot remove while it is being published: press Stop first</source>
        <translation>正在发布，无法移除：请先按“停止”</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>正在检查</translation>
    </message>
    <message>
        <source>Copying into the library</source>
        <translation>正在复制到图库</translation>
    </message>
    <message>
        <source>Publishing</source>
        <translation>正在发布</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>In the library, not published: the image a stopped publish of it may have left is being removed from your R2 bucket.</source>
        <translation>已在图库中，未发布：中途停止的发布可能留下的图片正在从你的 R2 存储桶中移除。</translation>
    </message>
    <message>
        <source>In the library, still published: it is being removed from your R2 bucket.
Publish it again once it is removed.</source>
        <translation>已在图库中，仍处于发布状态：正在从你的 R2 存储桶中移除。
移除完成后再重新发布。</translation>
    </message>
    <message>
        <source>In the library, but an unpublish of it did not finish: it may be gone from your R2 bucket. Unpublish it in the library to finish it.</source>
        <translation>已在图库中，但对它的取消发布没有完成：它可能已从你的 R2 存储桶中移除。在图库中取消发布即可完成。</translation>
    </message>
    <message>
        <source>In the library and published.</source>
        <translation>已在图库中，并已发布。</translation>
    </message>
    <message>
        <source>In the library, not published: it was removed from your R2 bucket.
Publish it again to put it back.</source>
        <translation>已在图库中，未发布：已从你的 R2 存储桶中移除。
重新发布即可放回存储桶。</translation>
    </message>
    <message>
        <source>In the library and published in the bucket &apos;{bucket}&apos; at {host}.</source>
        <translation>已在图库中，并已发布在 {host} 的存储桶 &apos;{bucket}&apos; 中。</translation>
    </message>
    <message>
        <source>In the library and published in the bucket &apos;{bucket}&apos;.
Not published in &apos;{current}&apos;, the bucket the R2 settings name.</source>
        <translation>已在图库中，并已发布在存储桶 &apos;{bucket}&apos; 中。
未发布在 R2 设置指向的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>In the library and published in the bucket &apos;{bucket}&apos; at {host}.
Not published in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name.</source>
        <translation>已在图库中，并已发布在 {host} 的存储桶 &apos;{bucket}&apos; 中。
未发布在 R2 设置指向的 {current_host} 的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>In the library, not published. A stopped publish may have left its image in the bucket &apos;{bucket}&apos; at {host}.</source>
        <translation>已在图库中，未发布。中途停止的发布可能在 {host} 的存储桶 &apos;{bucket}&apos; 中留下了它的图片。</translation>
    </message>
    <message>
        <source>In the library, not published. A stopped publish may have left its image in the bucket &apos;{bucket}&apos;.
Not published in &apos;{current}&apos;, the bucket the R2 settings name.</source>
        <translation>已在图库中，未发布。中途停止的发布可能在存储桶 &apos;{bucket}&apos; 中留下了它的图片。
未发布在 R2 设置指向的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>In the library, not published. A stopped publish may have left its image in the bucket &apos;{bucket}&apos; at {host}.
Not published in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name.</source>
        <translation>已在图库中，未发布。中途停止的发布可能在 {host} 的存储桶 &apos;{bucket}&apos; 中留下了它的图片。
未发布在 R2 设置指向的 {current_host} 的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>Already in your library, but an unpublish of it did not finish: it may be gone from your R2 bucket. Unpublish it in the library to finish it.</source>
        <translation>已在你的图库中，但对它的取消发布没有完成：它可能已从你的 R2 存储桶中移除。在图库中取消发布即可完成。</translation>
    </message>
    <message>
        <source>Already in your library, and published in the bucket &apos;{bucket}&apos;.
Not published in &apos;{current}&apos;, the bucket the R2 settings name.</source>
        <translation>已在你的图库中，并已发布在存储桶 &apos;{bucket}&apos; 中。
未发布在 R2 设置指向的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>Already in your library, and published in the bucket &apos;{bucket}&apos; at {host}.
Not published in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name.</source>
        <translation>已在你的图库中，并已发布在 {host} 的存储桶 &apos;{bucket}&apos; 中。
未发布在 R2 设置指向的 {current_host} 的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>Already in your library, not published. A stopped publish may have left its image in the bucket &apos;{bucket}&apos; at {host}.</source>
        <translation>已在你的图库中，未发布。中途停止的发布可能在 {host} 的存储桶 &apos;{bucket}&apos; 中留下了它的图片。</translation>
    </message>
    <message>
        <source>Already in your library, not published. A stopped publish may have left its image in the bucket &apos;{bucket}&apos;.
Not published in &apos;{current}&apos;, the bucket the R2 settings name.</source>
        <translation>已在你的图库中，未发布。中途停止的发布可能在存储桶 &apos;{bucket}&apos; 中留下了它的图片。
未发布在 R2 设置指向的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>Already in your library, not published. A stopped publish may have left its image in the bucket &apos;{bucket}&apos; at {host}.
Not published in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name.</source>
        <translation>已在你的图库中，未发布。中途停止的发布可能在 {host} 的存储桶 &apos;{bucket}&apos; 中留下了它的图片。
未发布在 R2 设置指向的 {current_host} 的存储桶 &apos;{current}&apos; 中。</translation>
    </message>
    <message>
        <source>Its title, description and tags there are kept, not the ones typed here.</source>
        <translation>将保留图库中的标题、描述和标签，而不是这里填写的。</translation>
    </message>
    <message>
        <source>Waiting to publish</source>
        <translation>等待发布</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>即将完成…</translation>
    </message>
    <message>
        <source>{done} · {quiet} (Stop to give up)</source>
        <translation>{done} · {quiet}（点“停止”可放弃）</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Copying into the library…</source>
        <translation>正在复制到图库…</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <source>Waiting for the delete of its artwork to end…</source>
        <translation>正在等待其作品的删除完成…</translation>
    </message>
    <message>
        <source>Finishing: waiting for R2…</source>
        <translation>即将完成：正在等待 R2 响应…</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
    <message>
        <source>Publishing… {percent} %</source>
        <translation>正在发布… {percent}%</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>In the library, not published.</source>
        <translation>已在图库中，未发布。</translation>
    </message>
    <message>
        <source>Already in your library, and published</source>
        <translation>已在你的图库中，并已发布</translation>
    </message>
    <message>
        <source>{width} × {height}</source>
        <translation>{width} × {height}</translation>
    </message>
    <message>
        <source>{dimensions} · {size} · {name}</source>
        <translation>{dimensions} · {size} · {name}</translation>
    </message>
    <message>
        <source>Already in your library, and published in the bucket &apos;{bucket}&apos; at {host}.</source>
        <translation>已在你的图库中，并已发布在 {host} 的存储桶 &apos;{bucket}&apos; 中。</translation>
    </message>
    <message>
        <source>Already in your library, not published.</source>
        <translation>已在你的图库中，未发布。</translation>
    </message>
    <message>
        <source>Ready to publish.</source>
        <translation>可以发布。</translation>
    </message>
    <message>
        <source>Already in your library</source>
        <translation>已在你的图库中</translation>
    </message>
    <message>
        <source>In the library, not published: ready to publish.</source>
        <translation>已在图库中，未发布：可以发布。</translation>
    </message>
    <message>
        <source>Publishing is not set up now: set it up in {publishing_settings} to publish it.</source>
        <translation>现在尚未设置发布：请在“{publishing_settings}”中设置后再发布它。</translation>
    </message>
    <message>
        <source>The artwork was not published.</source>
        <translation>作品未发布。</translation>
    </message>
    <message>
        <source>Not started: stopped before this file.</source>
        <translation>未开始：在处理此文件之前已停止。</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>提示：{note}</translation>
    </message>
    <message>
        <source>Animated: only its first frame is shown here; it is kept whole.</source>
        <translation>动图：这里只显示其第一帧；文件会完整保留。</translation>
    </message>
    <message>
        <source>Already in the library</source>
        <translation>已在图库中</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>UploadTab</name>
    <message>
        <source>Add the files to your library and publish them to your R2 bucket</source>
        <translation>将文件加入图库，并发布到你的 R2 存储桶</translation>
    </message>
    <message>
        <source>Stop now: a file being published is cancelled; a file being added to the library stays there, unpublished</source>
        <translation>立即停止：正在发布的文件会被取消；正在加入图库的文件会留在图库中，不发布</translation>
    </message>
    <message>
        <source>Drop finished artworks or a folder of them here</source>
        <translation>将完成的作品或作品文件夹拖到这里</translation>
    </message>
    <message>
        <source>Copy the files into your library, never re-encoded; publish them later</source>
        <translation>将文件复制到你的图库，绝不重新编码；稍后再发布</translation>
    </message>
    <message>
        <source>JPEG, PNG or WebP, up to {megabytes}&#xa0;MB and {pixels:mega}&#xa0;megapixels each, and up to {count} at once; a folder brings the images inside it. They are copied into your library as they are, never re-encoded (a photo&apos;s GPS location, your computer&apos;s name and the paths of your files are left out), and you can publish them to your R2 bucket now or later from the library.</source>
        <translation>JPEG、PNG 或 WebP，每个文件最大 {megabytes}&#xa0;MB、{pixels:myriad 万 亿}像素；一次最多 {count} 个，拖入文件夹会添加其中的图片。文件会原样复制到你的图库，绝不重新编码（照片的 GPS 位置、你电脑的名称和你文件的路径会被去除）；你可以现在发布到 R2 存储桶，也可以以后在图库中发布。</translation>
    </message>
    <message>
        <source>Files to upload</source>
        <translation>要上传的文件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Shown with the artwork</source>
        <translation>与作品一同显示</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>landscape, ink, commission</source>
        <translation>风景，水墨，约稿</translation>
    </message>
    <message>
        <source>Apply to all files</source>
        <translation>应用到所有文件</translation>
    </message>
    <message>
        <source>Give every file in the list this description and these tags (not the title)</source>
        <translation>为列表中的每个文件设置这段描述和这些标签（标题除外）</translation>
    </message>
    <message>
        <source>&amp;Open Settings</source>
        <translation>打开设置(&amp;O)</translation>
    </message>
    <message>
        <source>Add f&amp;iles…</source>
        <translation>添加文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Add fo&amp;lder…</source>
        <translation>添加文件夹(&amp;L)…</translation>
    </message>
    <message>
        <source>Clea&amp;r list</source>
        <translation>清空列表(&amp;R)</translation>
    </message>
    <message>
        <source>Add to li&amp;brary</source>
        <translation>加入图库(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>发布(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Appl&amp;y to all files</source>
        <translation>应用到所有文件(&amp;Y)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Looking for images…</source>
        <translation>正在查找图片…</translation>
    </message>
    <message>
        <source>{name} in the folder was left out: not a JPEG, PNG or WebP.</source>
        <translation>文件夹中的 {name} 被略过：不是 JPEG、PNG 或 WebP 图像。</translation>
    </message>
    <message>
        <source>{count} files in the folder were left out, not JPEG, PNG or WebP: {names}.</source>
        <translation>该文件夹中有 {count} 个文件被略过，不是 JPEG、PNG 或 WebP：{names}。</translation>
    </message>
    <message>
        <source>{count} files in the folders were left out, not JPEG, PNG or WebP: {names}.</source>
        <translation>文件夹中有 {count} 个文件被略过，不是 JPEG、PNG 或 WebP：{names}。</translation>
    </message>
    <message>
        <source>This file is already in the list.</source>
        <translation>这个文件已在列表中。</translation>
    </message>
    <message>
        <source>These files are already in the list.</source>
        <translation>这些文件已在列表中。</translation>
    </message>
    <message>
        <source>Choose finished artworks</source>
        <translation>选择完成的作品</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a folder of finished artworks</source>
        <translation>选择存放完成作品的文件夹</translation>
    </message>
    <message>
        <source>The description and tags now apply to every file.</source>
        <translation>描述和标签现已应用到每个文件。</translation>
    </message>
    <message>
        <source>The one in it keeps the library&apos;s: change them there (Edit details).</source>
        <translation>已在图库中的那个文件保留图库里的描述和标签：请在图库中修改（编辑详情）。</translation>
    </message>
    <message>
        <source>The {count} in it keep the library&apos;s: change them there (Edit details).</source>
        <translation>已在图库中的 {count} 个文件保留图库里的描述和标签：请在图库中修改（编辑详情）。</translation>
    </message>
    <message>
        <source>The description and tags now apply to every file not in your library yet.</source>
        <translation>描述和标签现已应用到每个尚未加入图库的文件。</translation>
    </message>
    <message>
        <source>1 other file has a description or tags of its own. Replace them with this file&apos;s?</source>
        <translation>另有 1 个文件有自己的描述或标签。要用此文件的替换吗？</translation>
    </message>
    <message>
        <source>{count} other files have a description or tags of their own. Replace them with this file&apos;s?</source>
        <translation>另有 {count} 个文件有自己的描述或标签。要用此文件的替换吗？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>Nothing to publish yet: the files are still being checked.</source>
        <translation>暂时没有可发布的内容：文件仍在检查中。</translation>
    </message>
    <message>
        <source>Nothing to publish: every file listed was refused; its row says why.</source>
        <translation>没有可发布的内容：列出的文件都被拒绝了，原因见各自的行。</translation>
    </message>
    <message>
        <source>Nothing to publish: the artworks listed are published already.</source>
        <translation>没有可发布的内容：列出的作品都已发布。</translation>
    </message>
    <message>
        <source>Nothing to publish: the files listed were refused, or their artworks are published already; each row says which.</source>
        <translation>没有可发布的内容：列出的文件被拒绝了，或其作品已发布；各行注明了是哪一种。</translation>
    </message>
    <message>
        <source>1 file was not published ({causes}).</source>
        <translation>有 1 个文件未发布（{causes}）。</translation>
    </message>
    <message>
        <source>{count} files were not published ({causes}).</source>
        <translation>有 {count} 个文件未发布（{causes}）。</translation>
    </message>
    <message>
        <source>1 file was not added ({causes}).</source>
        <translation>有 1 个文件未添加（{causes}）。</translation>
    </message>
    <message>
        <source>{count} files were not added ({causes}).</source>
        <translation>有 {count} 个文件未添加（{causes}）。</translation>
    </message>
    <message>
        <source>1 file was not started: it is still listed, ready to publish again.</source>
        <translation>有 1 个文件未开始：它仍在列表中，可再次发布。</translation>
    </message>
    <message>
        <source>{count} files were not started: they are still listed, ready to publish again.</source>
        <translation>有 {count} 个文件未开始：它们仍在列表中，可再次发布。</translation>
    </message>
    <message>
        <source>1 more artwork was added to your library, not published.</source>
        <translation>另有 1 件作品已加入你的图库，未发布。</translation>
    </message>
    <message>
        <source>{count} more artworks were added to your library, not published.</source>
        <translation>另有 {count} 件作品已加入你的图库，未发布。</translation>
    </message>
    <message>
        <source>Stop came too late to cancel the file being published.</source>
        <translation>停止得太晚，未能取消正在发布的文件。</translation>
    </message>
    <message>
        <source>1 artwork in your library had lost its image file: it has it back.</source>
        <translation>图库中有 1 件作品丢失了图片文件：现已找回。</translation>
    </message>
    <message>
        <source>{count} artworks in your library had lost their image files: they have them back.</source>
        <translation>图库中有 {count} 件作品丢失了图片文件：现已找回。</translation>
    </message>
    <message>
        <source>Left out the GPS location of 1 photo (where it was taken); your file keeps it.</source>
        <translation>已去除 1 张照片的 GPS 位置（拍摄地点）；你的原文件仍保留它。</translation>
    </message>
    <message>
        <source>Left out the GPS locations of {count} photos (where they were taken); your files keep them.</source>
        <translation>已去除 {count} 张照片的 GPS 位置（拍摄地点）；你的原文件仍保留它们。</translation>
    </message>
    <message>
        <source>1 file needs attention.</source>
        <translation>有 1 个文件需要处理。</translation>
    </message>
    <message>
        <source>{count} files need attention.</source>
        <translation>有 {count} 个文件需要处理。</translation>
    </message>
    <message>
        <source>1 file was not published: it is no longer where it was listed from (moved or deleted).</source>
        <translation>有 1 个文件未发布：它已不在加入列表时所在的位置（被移动或删除）。</translation>
    </message>
    <message>
        <source>{count} files were not published: they are no longer where they were listed from (moved or deleted).</source>
        <translation>有 {count} 个文件未发布：它们已不在加入列表时所在的位置（被移动或删除）。</translation>
    </message>
    <message>
        <source>1 file was not added: it is no longer where it was listed from (moved or deleted).</source>
        <translation>有 1 个文件未添加：它已不在加入列表时所在的位置（被移动或删除）。</translation>
    </message>
    <message>
        <source>{count} files were not added: they are no longer where they were listed from (moved or deleted).</source>
        <translation>有 {count} 个文件未添加：它们已不在加入列表时所在的位置（被移动或删除）。</translation>
    </message>
    <message>
        <source>Stopped: nothing was published.</source>
        <translation>已停止：没有发布任何文件。</translation>
    </message>
    <message>
        <source>Stopped: nothing was added.</source>
        <translation>已停止：没有添加任何文件。</translation>
    </message>
    <message>
        <source>1 file was left: it is still listed, ready to publish again.</source>
        <translation>有 1 个文件未处理：它仍在列表中，可再次发布。</translation>
    </message>
    <message>
        <source>{count} files were left: they are still listed, ready to publish again.</source>
        <translation>有 {count} 个文件未处理：它们仍在列表中，可再次发布。</translation>
    </message>
    <message>
        <source>1 file was left: it is still listed, ready to add again.</source>
        <translation>有 1 个文件未处理：它仍在列表中，可再次添加。</translation>
    </message>
    <message>
        <source>{count} files were left: they are still listed, ready to add again.</source>
        <translation>有 {count} 个文件未处理：它们仍在列表中，可再次添加。</translation>
    </message>
    <message>
        <source>Nothing was added: see the reasons in the list.</source>
        <translation>没有添加任何文件：原因见列表。</translation>
    </message>
    <message>
        <source>Nothing was added.</source>
        <translation>没有添加任何文件。</translation>
    </message>
    <message>
        <source>Nothing was published: see the reasons in the list.</source>
        <translation>没有发布任何文件：原因见列表。</translation>
    </message>
    <message>
        <source>Nothing was published.</source>
        <translation>没有发布任何文件。</translation>
    </message>
    <message>
        <source>1 artwork was added to your library.</source>
        <translation>已有 1 件作品加入你的图库。</translation>
    </message>
    <message>
        <source>{count} artworks were added to your library.</source>
        <translation>已有 {count} 件作品加入你的图库。</translation>
    </message>
    <message>
        <source>1 image was in your library already.</source>
        <translation>1 张图片原本已在图库中。</translation>
    </message>
    <message>
        <source>{count} images were in your library already.</source>
        <translation>{count} 张图片原本已在图库中。</translation>
    </message>
    <message>
        <source>Published 1 artwork; it is in your library too.</source>
        <translation>已发布 1 件作品；它也已加入你的图库。</translation>
    </message>
    <message>
        <source>Published {count} artworks; they are in your library too.</source>
        <translation>已发布 {count} 件作品；它们也已加入你的图库。</translation>
    </message>
    <message>
        <source>Nothing added: this image is in your library already.</source>
        <translation>没有添加：这张图片已在图库中。</translation>
    </message>
    <message>
        <source>Nothing added: these {count} images are in your library already.</source>
        <translation>没有添加：这 {count} 张图片已在图库中。</translation>
    </message>
    <message>
        <source>Added 1 artwork to your library. Publish it from there any time.</source>
        <translation>已将 1 件作品加入你的图库。随时可以在图库中发布。</translation>
    </message>
    <message>
        <source>Added {count} artworks to your library. Publish them from there any time.</source>
        <translation>已将 {count} 件作品加入你的图库。随时可以在图库中发布。</translation>
    </message>
    <message>
        <source>Nothing was published: this artwork was published already.</source>
        <translation>没有发布任何作品：这件作品此前已经发布。</translation>
    </message>
    <message>
        <source>Nothing was published: these {count} artworks were published already.</source>
        <translation>没有发布任何作品：这 {count} 件作品此前已经发布。</translation>
    </message>
    <message>
        <source>1 artwork was published already: it was not sent again.</source>
        <translation>1 件作品此前已经发布，没有再次上传。</translation>
    </message>
    <message>
        <source>{count} artworks were published already: they were not sent again.</source>
        <translation>{count} 件作品此前已经发布，没有再次上传。</translation>
    </message>
    <message>
        <source>It was in your library already, and was published with its title, description and tags there.</source>
        <translation>它原本就在图库中，已按图库中的标题、描述和标签发布。</translation>
    </message>
    <message>
        <source>1 was in your library already: it was published with its title, description and tags there.</source>
        <translation>其中 1 件原本就在图库中：已按图库中的标题、描述和标签发布。</translation>
    </message>
    <message>
        <source>{count} were in your library already: they were published with their titles, descriptions and tags there.</source>
        <translation>其中 {count} 件原本就在图库中：已按图库中的标题、描述和标签发布。</translation>
    </message>
    <message>
        <source>It was in your library already: its title, description and tags there were kept, not the ones typed here.</source>
        <translation>它原本就在图库中：保留了图库中的标题、描述和标签，而不是这里填写的。</translation>
    </message>
    <message>
        <source>1 was in your library already: its title, description and tags there were kept, not the ones typed here.</source>
        <translation>其中 1 件原本就在图库中：保留了图库中的标题、描述和标签，而不是这里填写的。</translation>
    </message>
    <message>
        <source>{count} were in your library already: their titles, descriptions and tags there were kept, not the ones typed here.</source>
        <translation>其中 {count} 件原本就在图库中：保留了图库中的标题、描述和标签，而不是这里填写的。</translation>
    </message>
    <message>
        <source>What was typed here for 1 of them was not used.</source>
        <translation>其中 1 件在这里填写的内容未被采用。</translation>
    </message>
    <message>
        <source>What was typed here for {count} of them was not used.</source>
        <translation>其中 {count} 件在这里填写的内容未被采用。</translation>
    </message>
    <message>
        <source>1 image was a copy of an artwork in your library.</source>
        <translation>1 张图片与图库中的作品相同。</translation>
    </message>
    <message>
        <source>{count} images were copies of artworks in your library.</source>
        <translation>{count} 张图片与图库中的作品相同。</translation>
    </message>
</context>
<context>
    <name>_SaysItsKey</name>
    <message>
        <source>{tip} ({key})</source>
        <translation>{tip}（{key}）</translation>
    </message>
</context>
<context>
    <name>argparse</name>
    <message>
        <source>usage: </source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>位置参数</translation>
    </message>
    <message>
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>显示此帮助信息并退出</translation>
    </message>
    <message>
        <source>show program&apos;s version number and exit</source>
        <translation>显示程序版本号并退出</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s：错误：%(message)s
</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>缺少以下必需的参数：%s</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>无法识别的参数：%s</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>无效的选择：%(value)r（可选：%(choices)s）</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>需要给出一个值</translation>
    </message>
    <message>
        <source>expected at least one argument</source>
        <translation>至少需要给出一个值</translation>
    </message>
    <message>
        <source>expected at most one argument</source>
        <translation>最多只能给出一个值</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>忽略了显式给出的值 %r</translation>
    </message>
    <message>
        <source>not allowed with argument %s</source>
        <translation>不能与参数 %s 同时使用</translation>
    </message>
    <message>
        <source>one of the arguments %s is required</source>
        <translation>必须给出参数 %s 之一</translation>
    </message>
    <message>
        <source>{heading}:</source>
        <translation>{heading}：</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>uploading</source>
        <translation>上传中</translation>
    </message>
    <message>
        <source>submitting</source>
        <translation>提交中</translation>
    </message>
    <message>
        <source>generating</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>job {id}: {state}</source>
        <translation>任务 {id}：{state}</translation>
    </message>
    <message>
        <source>{line} ({task_id})</source>
        <translation>{line}（{task_id}）</translation>
    </message>
    <message>
        <source>{line} - {reason}</source>
        <translation>{line}——{reason}</translation>
    </message>
    <message>
        <source>its image file is missing (it was {path})</source>
        <translation>其图片文件已不存在（原位置：{path}）</translation>
    </message>
    <message>
        <source>{job} &quot;{title}&quot; · {place}</source>
        <translation>{job} “{title}” · {place}</translation>
    </message>
    <message>
        <source>{job} &quot;{title}&quot;</source>
        <translation>{job} “{title}”</translation>
    </message>
    <message>
        <source>It stopped before it finished (the log folder says why); `kontext-studio resume` carries it on.</source>
        <translation>任务未完成就停止了（原因见日志文件夹）；可用 `kontext-studio resume` 继续。</translation>
    </message>
    <message>
        <source>It stopped before it finished (the log folder says why); `kontext-studio resume --demo` carries it on.</source>
        <translation>任务未完成就停止了（原因见日志文件夹）；可用 `kontext-studio resume --demo` 继续。</translation>
    </message>
    <message>
        <source>It is carried on in the window or another command open on this library; `kontext-studio jobs {id}` shows how it goes.</source>
        <translation>它由打开此图库的窗口或另一个命令继续处理；`kontext-studio jobs {id}` 可查看它的进展。</translation>
    </message>
    <message>
        <source>Only the reference image was uploaded to KIE (uploads are free); the job itself did not reach KIE this time, so this send was not charged. The job is kept: `kontext-studio retry {id}` sends it once KIE can be reached.</source>
        <translation>只有参考图上传到了 KIE（上传免费）；任务本身这次没有到达 KIE，因此这次发送未扣费。任务已保留：能连接 KIE 后，用 `kontext-studio retry {id}` 发送它。</translation>
    </message>
    <message>
        <source>This send did not reach KIE, so it was not charged. The job is kept: `kontext-studio retry {id}` sends it once KIE can be reached.</source>
        <translation>这次发送没有到达 KIE，因此未扣费。任务已保留：能连接 KIE 后，用 `kontext-studio retry {id}` 发送它。</translation>
    </message>
    <message>
        <source>If its task is in the logs of your account on kie.ai, `kontext-studio attach {id} TASK_ID` brings its image without paying again; else `kontext-studio resubmit {id}` sends it again, and it may be charged twice.</source>
        <translation>如果其任务在你的 kie.ai 账户日志中，`kontext-studio attach {id} TASK_ID` 可取回图片而无需再次付费；否则 `kontext-studio resubmit {id}` 会再次发送它，可能会被扣费两次。</translation>
    </message>
    <message>
        <source>Its saved request cannot be sent as it is: change the prompt, image or options as the message says, and generate it again as a new job; a retry would stop the same way.</source>
        <translation>其保存的请求无法按原样发送：请按消息修改提示词、图片或选项，作为新任务重新生成；重试会以同样的方式停下。</translation>
    </message>
    <message>
        <source>An earlier send of job {id} already made its image, kept as artwork {ids}: `kontext-studio jobs {ids}` shows it.</source>
        <translation>任务 {id} 较早的一次发送已生成它的图片，保存为作品 {ids}：`kontext-studio jobs {ids}` 可查看它。</translation>
    </message>
    <message>
        <source>An earlier send of job {id} is still making its image, as artwork {ids}: `kontext-studio jobs {ids}` shows how it goes.</source>
        <translation>任务 {id} 较早的一次发送仍在生成它的图片，即作品 {ids}：`kontext-studio jobs {ids}` 可查看其进度。</translation>
    </message>
    <message>
        <source>Earlier sends of job {id} made its image, or are still making it, as artworks {ids}: `kontext-studio jobs ID` shows each of them.</source>
        <translation>任务 {id} 较早的几次发送已生成它的图片（或仍在生成），即作品 {ids}：`kontext-studio jobs ID` 可逐一查看。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --yes` sends the job again all the same, charged as a new job.</source>
        <translation>如仍要再次发送该任务，`kontext-studio retry {id} --yes` 会再次发送它，按新任务扣费。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --demo --yes` sends the job to the demo server again all the same; a demo job uses no real credits.</source>
        <translation>如仍要再次发送该任务，`kontext-studio retry {id} --demo --yes` 会将其再次发送到演示服务器；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>The window (live mode) has this library open: it does not run demo jobs; quit it and run `kontext-studio resume --demo`.</source>
        <translation>打开此图库的窗口处于在线模式：它不运行演示任务；请退出它并运行 `kontext-studio resume --demo`。</translation>
    </message>
    <message>
        <source>The window (demo mode) has this library open: it does not run live jobs; switch it to live mode, or quit it and run `kontext-studio resume`.</source>
        <translation>打开此图库的窗口处于演示模式：它不运行在线任务；请将它切换到在线模式，或退出它并运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>`kontext-studio {command}` (pid {pid}) has this library open in live mode: it does not run demo jobs; once it has ended, `kontext-studio resume --demo` carries it on.</source>
        <translation>`kontext-studio {command}`（进程 {pid}）正以在线模式打开此图库：它不运行演示任务；它结束后，`kontext-studio resume --demo` 会继续此任务。</translation>
    </message>
    <message>
        <source>`kontext-studio {command}` (pid {pid}) has this library open in demo mode: it does not run live jobs; once it has ended, `kontext-studio resume` carries it on.</source>
        <translation>`kontext-studio {command}`（进程 {pid}）正以演示模式打开此图库：它不运行在线任务；它结束后，`kontext-studio resume` 会继续此任务。</translation>
    </message>
    <message>
        <source>Nothing carries it on now: `kontext-studio resume --demo` does.</source>
        <translation>目前没有任何程序在继续它：可用 `kontext-studio resume --demo` 继续。</translation>
    </message>
    <message>
        <source>Nothing carries it on now: `kontext-studio resume` does.</source>
        <translation>目前没有任何程序在继续它：可用 `kontext-studio resume` 继续。</translation>
    </message>
    <message>
        <source>Set a valid KIE API key first (in the window&apos;s Settings, or in KIE_API_KEY when none is saved there); then `kontext-studio retry {id}` sends it to KIE, charged as any new job.</source>
        <translation>请先设置有效的 KIE API 密钥（在窗口的“设置”中；若那里没有保存密钥，也可设置 KIE_API_KEY）；然后 `kontext-studio retry {id}` 会将其发送到 KIE，与任何新任务一样扣费。</translation>
    </message>
    <message>
        <source>Top up your KIE credits at kie.ai first; then `kontext-studio retry {id}` sends it to KIE, charged as any new job.</source>
        <translation>请先在 kie.ai 充值 KIE 积分；然后 `kontext-studio retry {id}` 会将其发送到 KIE，与任何新任务一样扣费。</translation>
    </message>
    <message>
        <source>The demo server may switch this feature back on: `kontext-studio retry {id} --demo` then sends the job as it was. Until then, generate it again with another model or option.</source>
        <translation>演示服务器可能会重新开启此功能：届时 `kontext-studio retry {id} --demo` 会按原样发送该任务。在此之前，请换用其他模型或选项重新生成。</translation>
    </message>
    <message>
        <source>KIE may switch this feature back on: `kontext-studio retry {id}` then sends the job as it was. Until then, generate it again with another model or option.</source>
        <translation>KIE 可能会重新开启此功能：届时 `kontext-studio retry {id}` 会按原样发送该任务。在此之前，请换用其他模型或选项重新生成。</translation>
    </message>
    <message>
        <source>This command&apos;s send of job {id} was made, and charged, before the job was sent again elsewhere: its image is kept as artwork {artwork} -&gt; {path}</source>
        <translation>本命令对任务 {id} 的发送在该任务于别处再次发送之前已被处理并扣费：其图片已另存为作品 {artwork} -&gt; {path}</translation>
    </message>
    <message>
        <source>This command&apos;s send of job {id} was made, and charged, before the job was sent again elsewhere: it is kept as artwork {artwork}; `kontext-studio jobs {artwork}` shows how it ended.</source>
        <translation>本命令对任务 {id} 的发送在该任务于别处再次发送之前已被处理并扣费：它已另存为作品 {artwork}；`kontext-studio jobs {artwork}` 会显示其结果。</translation>
    </message>
    <message>
        <source>This command&apos;s send of job {id} to the demo server was made (no real credits) before the job was sent again elsewhere: its image is kept as artwork {artwork} -&gt; {path}</source>
        <translation>本命令对任务 {id} 发往演示服务器的发送在该任务于别处再次发送之前已被处理（不消耗真实积分）：其图片已另存为作品 {artwork} -&gt; {path}</translation>
    </message>
    <message>
        <source>This command&apos;s send of job {id} to the demo server was made (no real credits) before the job was sent again elsewhere: it is kept as artwork {artwork}; `kontext-studio jobs {artwork}` shows how it ended.</source>
        <translation>本命令对任务 {id} 发往演示服务器的发送在该任务于别处再次发送之前已被处理（不消耗真实积分）：它已另存为作品 {artwork}；`kontext-studio jobs {artwork}` 会显示其结果。</translation>
    </message>
    <message>
        <source>The job is kept: `kontext-studio retry {id} --demo` sends it again, to a new demo server.</source>
        <translation>任务已保留：用 `kontext-studio retry {id} --demo` 把它重新发送到新启动的演示服务器。</translation>
    </message>
    <message>
        <source>The reference image could not be uploaded to the demo server; this send did not lower the demo balance. The job is kept: `kontext-studio retry {id} --demo` sends it again.</source>
        <translation>参考图未能上传到演示服务器；这次发送没有减少演示余额。任务已保留：`kontext-studio retry {id} --demo` 会再次发送它。</translation>
    </message>
    <message>
        <source>The reference image could not be uploaded to KIE; this send did not reach KIE’s generate call and was not charged. The job is kept: `kontext-studio retry {id}` sends it again.</source>
        <translation>参考图未能上传到 KIE；这次发送没有到达 KIE 的生成接口，未扣费。任务已保留：`kontext-studio retry {id}` 会再次发送它。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --demo` fetches its image without lowering the demo balance again; a demo job uses no real credits.</source>
        <translation>`kontext-studio retry {id} --demo` 会取回它的图片，不会再次减少演示余额；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id}` fetches its image without paying again.</source>
        <translation>`kontext-studio retry {id}` 会取回它的图片，不会再次扣费。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --demo` sends it to the demo server; a demo job uses no real credits.</source>
        <translation>`kontext-studio retry {id} --demo` 会将其发送到演示服务器；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id}` sends it to KIE, charged as any new job.</source>
        <translation>`kontext-studio retry {id}` 会将其发送到 KIE，与任何新任务一样扣费。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --demo --yes` sends it again as a new job; a demo job uses no real credits.</source>
        <translation>`kontext-studio retry {id} --demo --yes` 会将其作为新任务再次发送；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --yes` sends it again, charged as a new job.</source>
        <translation>`kontext-studio retry {id} --yes` 会再次发送它，按新任务扣费。</translation>
    </message>
    <message>
        <source>The demo balance is full again tomorrow: then `kontext-studio retry {id} --demo` carries it on; a demo job uses no real credits.</source>
        <translation>演示余额明天会重新充满：届时 `kontext-studio retry {id} --demo` 会继续它；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>Set a valid KIE API key first (in the window&apos;s Settings, or in KIE_API_KEY when none is saved there); then `kontext-studio retry {id}` carries it on without paying twice.</source>
        <translation>请先设置有效的 KIE API 密钥（在窗口的“设置”中；若那里没有保存密钥，也可设置 KIE_API_KEY）；然后 `kontext-studio retry {id}` 会继续它，不会重复扣费。</translation>
    </message>
    <message>
        <source>Top up your KIE credits at kie.ai first; then `kontext-studio retry {id}` carries it on without paying twice.</source>
        <translation>请先在 kie.ai 充值 KIE 积分；然后 `kontext-studio retry {id}` 会继续它，不会重复扣费。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id} --demo` carries it on without making it twice; a demo job uses no real credits.</source>
        <translation>`kontext-studio retry {id} --demo` 会继续它，不会重复生成；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>`kontext-studio retry {id}` carries it on without paying twice.</source>
        <translation>`kontext-studio retry {id}` 会继续它，不会重复扣费。</translation>
    </message>
    <message>
        <source>Demo mode: results come from the bundled simulator, not KIE.</source>
        <translation>演示模式：结果来自内置模拟器，而非 KIE。</translation>
    </message>
    <message>
        <source>{name} is sent scaled down to at most {width}×{height}, from {from_width}×{from_height}, to fit KIE&apos;s limits; the file itself is not changed.</source>
        <translation>{name} 发送时缩小为最多 {width}×{height}（原为 {from_width}×{from_height}），以符合 KIE 的限制；文件本身不会改动。</translation>
    </message>
    <message>
        <source>{name} is animated: only its first frame is used.</source>
        <translation>{name} 是动图：只使用其第一帧。</translation>
    </message>
    <message>
        <source>The library file was damaged: it was moved aside to {path}, and a new library was started with the 1 artwork that could still be read from it.</source>
        <translation>图库文件已损坏：已将其移至 {path}，并新建了一个图库，其中包含仍可从中读取的 1 件作品。</translation>
    </message>
    <message>
        <source>The library file was damaged: it was moved aside to {path}, and a new library was started with the {count} artworks that could still be read from it.</source>
        <translation>图库文件已损坏：已将其移至 {path}，并新建了一个图库，其中包含仍可从中读取的 {count} 件作品。</translation>
    </message>
    <message>
        <source>A job is being sent: this waits a moment for its answer (at most {seconds} s), so that the job is not left with an unknown outcome; Ctrl+C stops the wait.</source>
        <translation>有任务正在发送：稍等片刻（最多 {seconds} 秒）接收它的回复，以免任务结果变为未知；按 Ctrl+C 可停止等待。</translation>
    </message>
    <message>
        <source>1 job sent to KIE in live mode was left waiting: no KIE API key is set, so this command ran in demo mode, which cannot follow it. Set your key with `kontext-studio key set` (or in KIE_API_KEY), then `kontext-studio resume` carries it on.</source>
        <translation>1 个在在线模式下发送给 KIE 的任务留待处理：当前没有设置 KIE API 密钥，因此此命令以演示模式运行，无法跟进它。请用 `kontext-studio key set`（或 KIE_API_KEY）设置密钥，然后 `kontext-studio resume` 即可继续它。</translation>
    </message>
    <message>
        <source>{count} jobs sent to KIE in live mode were left waiting: no KIE API key is set, so this command ran in demo mode, which cannot follow them. Set your key with `kontext-studio key set` (or in KIE_API_KEY), then `kontext-studio resume` carries them on.</source>
        <translation>{count} 个在在线模式下发送给 KIE 的任务留待处理：当前没有设置 KIE API 密钥，因此此命令以演示模式运行，无法跟进它们。请用 `kontext-studio key set`（或 KIE_API_KEY）设置密钥，然后 `kontext-studio resume` 即可继续它们。</translation>
    </message>
    <message>
        <source>1 job sent to KIE in live mode was left waiting: demo mode cannot follow it. Run `kontext-studio resume` without --demo to carry it on.</source>
        <translation>1 个在在线模式下发送给 KIE 的任务留待处理：演示模式无法跟进它。不带 --demo 运行 `kontext-studio resume` 即可继续。</translation>
    </message>
    <message>
        <source>{count} jobs sent to KIE in live mode were left waiting: demo mode cannot follow them. Run `kontext-studio resume` without --demo to carry them on.</source>
        <translation>{count} 个在在线模式下发送给 KIE 的任务留待处理：演示模式无法跟进它们。不带 --demo 运行 `kontext-studio resume` 即可继续。</translation>
    </message>
    <message>
        <source>1 job made in demo mode was left waiting: only `kontext-studio resume --demo` can finish it.</source>
        <translation>1 个演示模式下的任务留待处理：只有 `kontext-studio resume --demo` 能完成它。</translation>
    </message>
    <message>
        <source>{count} jobs made in demo mode were left waiting: only `kontext-studio resume --demo` can finish them.</source>
        <translation>{count} 个演示模式下的任务留待处理：只有 `kontext-studio resume --demo` 能完成它们。</translation>
    </message>
    <message>
        <source>Nothing in the library matches &quot;{text}&quot;.</source>
        <translation>图库中没有与“{text}”匹配的内容。</translation>
    </message>
    <message>
        <source>Nothing in the library matches &quot;{text}&quot; with {options}.</source>
        <translation>在符合 {options} 的任务中，图库里没有与“{text}”匹配的内容。</translation>
    </message>
    <message>
        <source>No job in the library matches {options}.</source>
        <translation>图库中没有符合 {options} 的任务。</translation>
    </message>
    <message>
        <source>The library is empty.</source>
        <translation>图库是空的。</translation>
    </message>
    <message>
        <source>1 line of job {id} shows &quot;?&quot; for characters that stdout&apos;s encoding ({encoding}) cannot write: `kontext-studio jobs {id} --json` gives them whole.</source>
        <translation>任务 {id} 有 1 行以 &quot;?&quot; 代替了 stdout 的编码（{encoding}）写不出的字符：`kontext-studio jobs {id} --json` 会完整给出这些字符。</translation>
    </message>
    <message>
        <source>{count} lines of job {id} show &quot;?&quot; for characters that stdout&apos;s encoding ({encoding}) cannot write: `kontext-studio jobs {id} --json` gives them whole.</source>
        <translation>任务 {id} 有 {count} 行以 &quot;?&quot; 代替了 stdout 的编码（{encoding}）写不出的字符：`kontext-studio jobs {id} --json` 会完整给出这些字符。</translation>
    </message>
    <message>
        <source>1 line of the list shows &quot;?&quot; for characters that stdout&apos;s encoding ({encoding}) cannot write: `kontext-studio jobs --json` gives them whole.</source>
        <translation>列表中有 1 行以 &quot;?&quot; 代替了 stdout 的编码（{encoding}）写不出的字符：`kontext-studio jobs --json` 会完整给出这些字符。</translation>
    </message>
    <message>
        <source>{count} lines of the list show &quot;?&quot; for characters that stdout&apos;s encoding ({encoding}) cannot write: `kontext-studio jobs --json` gives them whole.</source>
        <translation>列表中有 {count} 行以 &quot;?&quot; 代替了 stdout 的编码（{encoding}）写不出的字符：`kontext-studio jobs --json` 会完整给出这些字符。</translation>
    </message>
    <message>
        <source>1 more job is not listed (--limit {limit}).</source>
        <translation>还有 1 个任务未列出（--limit {limit}）。</translation>
    </message>
    <message>
        <source>{count} more jobs are not listed (--limit {limit}).</source>
        <translation>还有 {count} 个任务未列出（--limit {limit}）。</translation>
    </message>
    <message>
        <source>  also made: the demo server&apos;s late answers to {count} earlier sends of this job, each cancelled while it was out, are kept as artworks {ids} (no real credits)</source>
        <translation>  另有产出：本任务较早的 {count} 次发送均在发出途中被取消，演示服务器迟到的回复已另存为作品 {ids}（不消耗真实积分）</translation>
    </message>
    <message>
        <source>  also made: the demo server&apos;s late answer to an earlier send of this job, cancelled while it was out, is kept as artwork {ids} (no real credits)</source>
        <translation>  另有产出：本任务较早的一次发送在发出途中被取消，演示服务器迟到的回复已另存为作品 {ids}（不消耗真实积分）</translation>
    </message>
    <message>
        <source>  also made: KIE&apos;s late answers to {count} earlier sends of this job, each cancelled while it was out and charged too, are kept as artworks {ids}</source>
        <translation>  另有产出：本任务较早的 {count} 次发送均在发出途中被取消，也都已扣费，KIE 迟到的回复已另存为作品 {ids}</translation>
    </message>
    <message>
        <source>  also made: KIE&apos;s late answer to an earlier send of this job, cancelled while it was out and charged too, is kept as artwork {ids}</source>
        <translation>  另有产出：本任务较早的一次发送在发出途中被取消，也已扣费，KIE 迟到的回复已另存为作品 {ids}</translation>
    </message>
    <message>
        <source>  made by: an earlier send of job {job} to the demo server, cancelled while it was out, which lowered the demo balance too (no real credits); that job was sent again meanwhile</source>
        <translation>  来源：任务 {job} 较早发送到演示服务器的一次请求，在发出途中被取消，演示余额也为它减少了（不消耗真实积分）；该任务在此期间已被再次发送</translation>
    </message>
    <message>
        <source>  source: {source}</source>
        <translation>  来源：{source}</translation>
    </message>
    <message>
        <source>  prompt: {prompt}</source>
        <translation>  提示词：{prompt}</translation>
    </message>
    <message>
        <source>  model: {model}, ratio: {ratio}, source: {source}</source>
        <translation>  模型：{model}，宽高比：{ratio}，来源：{source}</translation>
    </message>
    <message>
        <source>  reference image: {name} (the image of job {job})</source>
        <translation>  参考图：{name}（任务 {job} 的图片）</translation>
    </message>
    <message>
        <source>  reference image: {name}</source>
        <translation>  参考图：{name}</translation>
    </message>
    <message>
        <source>  made by: an earlier send of job {job}, cancelled while it was out and charged too; that job was sent again meanwhile</source>
        <translation>  来源：任务 {job} 较早的一次发送，在发出途中被取消，也已扣费；该任务在此期间已被再次发送</translation>
    </message>
    <message>
        <source>  (job {job} has been deleted since)</source>
        <translation>  （任务 {job} 之后已被删除）</translation>
    </message>
    <message>
        <source>  made in demo mode: a demo job uses no real credits</source>
        <translation>  在演示模式下生成：演示任务不消耗真实积分</translation>
    </message>
    <message>
        <source>  created: {time}</source>
        <translation>  创建时间：{time}</translation>
    </message>
    <message>
        <source>  sent: {time}</source>
        <translation>  发送时间：{time}</translation>
    </message>
    <message>
        <source>  task ID given: {time}</source>
        <translation>  输入任务 ID 的时间：{time}</translation>
    </message>
    <message>
        <source>  completed: {time}</source>
        <translation>  完成时间：{time}</translation>
    </message>
    <message>
        <source>  task: {task_id}</source>
        <translation>  任务 ID：{task_id}</translation>
    </message>
    <message>
        <source>  description: {description}</source>
        <translation>  描述：{description}</translation>
    </message>
    <message>
        <source>  tags: {tags}</source>
        <translation>  标签：{tags}</translation>
    </message>
    <message>
        <source>  starred: yes</source>
        <translation>  收藏：是</translation>
    </message>
    <message>
        <source>  not published, but a publish of it stopped before its end and may have left {key} in the bucket (`kontext-studio unpublish {id}` removes it)</source>
        <translation>  未发布，但对它的发布在完成前停止了，可能在存储桶中留下了 {key}（`kontext-studio unpublish {id}` 可以将其移除）</translation>
    </message>
    <message>
        <source>  published: {url}</source>
        <translation>  已发布：{url}</translation>
    </message>
    <message>
        <source>  next: {step}</source>
        <translation>  下一步：{step}</translation>
    </message>
    <message>
        <source>  published, but an unpublish of it did not finish: {key} may be gone from the bucket, its link leading to nothing (`kontext-studio unpublish {id}` finishes it)</source>
        <translation>  已发布，但对它的取消发布没有完成：{key} 可能已从存储桶中移除，链接可能已失效（`kontext-studio unpublish {id}` 可以完成移除）</translation>
    </message>
    <message>
        <source>  published: {key} in the bucket &apos;{bucket}&apos; (`kontext-studio publish {id}` prints its link)</source>
        <translation>  已发布：存储桶 &apos;{bucket}&apos; 中的 {key}（`kontext-studio publish {id}` 会输出它的链接）</translation>
    </message>
    <message>
        <source>  published: {key} (`kontext-studio publish {id}` prints its link)</source>
        <translation>  已发布：{key}（`kontext-studio publish {id}` 会输出它的链接）</translation>
    </message>
    <message>
        <source>  published: {url} (in the bucket &apos;{bucket}&apos; at {host}, not in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name)</source>
        <translation>  已发布：{url}（在 {host} 上的存储桶 &apos;{bucket}&apos; 中，而不在 R2 设置所指向的 {current_host} 上的存储桶 &apos;{current}&apos; 中）</translation>
    </message>
    <message>
        <source>  published: {key} in the bucket &apos;{bucket}&apos; at {host}, not in &apos;{current}&apos; at {current_host}, the bucket the R2 settings name (`kontext-studio publish {id}` prints its link once they name it again)</source>
        <translation>  已发布：{host} 上的存储桶 &apos;{bucket}&apos; 中的 {key}，而不在 R2 设置所指向的 {current_host} 上的存储桶 &apos;{current}&apos; 中（待设置重新指向该存储桶后，`kontext-studio publish {id}` 会输出它的链接）</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>KIE API key (not shown as you type): </source>
        <translation>KIE API 密钥（输入时不显示）：</translation>
    </message>
    <message>
        <source>The KIE API key is stored in the system keyring ({backend}): commands use it from now on, and the window once it is opened again. `kontext-studio key test` checks it with KIE.</source>
        <translation>KIE API 密钥已保存到系统密钥环（{backend}）：命令从现在起使用它，窗口在重新打开后使用它。`kontext-studio key test` 可向 KIE 检查它。</translation>
    </message>
    <message>
        <source>The KIE API key is stored in the system keyring ({backend}); it is used rather than KIE_API_KEY, which is set too. `kontext-studio key test` checks it with KIE.</source>
        <translation>KIE API 密钥已保存到系统密钥环（{backend}）；KIE_API_KEY 也已设置，但使用的是密钥环中的密钥。`kontext-studio key test` 可向 KIE 检查它。</translation>
    </message>
    <message>
        <source>Unlock the keyring (or start the one that holds the key) and run `kontext-studio key remove` again.</source>
        <translation>请解锁密钥环（或启动保存该密钥的密钥环），然后再次运行 `kontext-studio key remove`。</translation>
    </message>
    <message>
        <source>Run `kontext-studio key remove` again; if the keyring still does not answer, restart its service (or log out and back in).</source>
        <translation>请再次运行 `kontext-studio key remove`；如果密钥环仍然没有响应，请重启它的服务（或注销后重新登录）。</translation>
    </message>
    <message>
        <source>The KIE API key was removed from the system keyring. With no key, commands and the window run in demo mode.</source>
        <translation>已从系统密钥环中移除 KIE API 密钥。没有密钥时，命令和窗口以演示模式运行。</translation>
    </message>
    <message>
        <source>The KIE API key was removed from the system keyring. KIE_API_KEY is still set: commands use that key.</source>
        <translation>已从系统密钥环中移除 KIE API 密钥。KIE_API_KEY 仍已设置：命令会使用该密钥。</translation>
    </message>
    <message>
        <source>No KIE API key was stored in the system keyring; nothing was removed.</source>
        <translation>系统密钥环中没有保存 KIE API 密钥；未移除任何内容。</translation>
    </message>
    <message>
        <source>No KIE API key was stored in the system keyring; nothing was removed. KIE_API_KEY is set: commands use that key.</source>
        <translation>系统密钥环中没有保存 KIE API 密钥；未移除任何内容。KIE_API_KEY 已设置：命令会使用该密钥。</translation>
    </message>
    <message>
        <source>Key in the keyring: damaged, it cannot be read.</source>
        <translation>密钥环中的密钥：已损坏，无法读取。</translation>
    </message>
    <message>
        <source>In use: none; commands that send jobs refuse to run (or run with --demo, on the demo server), and the window opens in demo mode. `kontext-studio key set` stores the key again in place of the damaged entry; `kontext-studio key remove` removes it.</source>
        <translation>正在使用：无；发送任务的命令会拒绝运行（或加 --demo 在演示服务器上运行），窗口以演示模式打开。`kontext-studio key set` 会重新保存密钥以替换已损坏的条目；`kontext-studio key remove` 会移除它。</translation>
    </message>
    <message>
        <source>In use: the key in KIE_API_KEY, as the keyring&apos;s cannot be read. `kontext-studio key set` stores the key again in place of the damaged entry; `kontext-studio key remove` removes it.</source>
        <translation>正在使用：KIE_API_KEY 中的密钥，因为密钥环中的无法读取。`kontext-studio key set` 会重新保存密钥以替换已损坏的条目；`kontext-studio key remove` 会移除它。</translation>
    </message>
    <message>
        <source>Keyring: {backend}, works.</source>
        <translation>密钥环：{backend}，可以使用。</translation>
    </message>
    <message>
        <source>Keyring: {backend}, cannot be used.</source>
        <translation>密钥环：{backend}，无法使用。</translation>
    </message>
    <message>
        <source>Key in the keyring: stored.</source>
        <translation>密钥环中的密钥：已保存。</translation>
    </message>
    <message>
        <source>Key in the keyring: none.</source>
        <translation>密钥环中的密钥：无。</translation>
    </message>
    <message>
        <source>Key in the keyring: cannot be read.</source>
        <translation>密钥环中的密钥：无法读取。</translation>
    </message>
    <message>
        <source>Key in the keyring: none, there is no keyring.</source>
        <translation>密钥环中的密钥：无，这里没有密钥环。</translation>
    </message>
    <message>
        <source>KIE_API_KEY: set.</source>
        <translation>KIE_API_KEY：已设置。</translation>
    </message>
    <message>
        <source>KIE_API_KEY: not set.</source>
        <translation>KIE_API_KEY：未设置。</translation>
    </message>
    <message>
        <source>In use: the key in the keyring (it wins over KIE_API_KEY).</source>
        <translation>正在使用：密钥环中的密钥（优先于 KIE_API_KEY）。</translation>
    </message>
    <message>
        <source>In use: the key in KIE_API_KEY.</source>
        <translation>正在使用：KIE_API_KEY 中的密钥。</translation>
    </message>
    <message>
        <source>In use: no key; commands and the window run in demo mode. `kontext-studio key set` stores one.</source>
        <translation>正在使用：没有密钥；命令和窗口以演示模式运行。`kontext-studio key set` 可保存一个密钥。</translation>
    </message>
    <message>
        <source>In use: the key in the keyring.</source>
        <translation>正在使用：密钥环中的密钥。</translation>
    </message>
    <message>
        <source>In use: no key; commands and the window run in demo mode. With no system keyring here, set KIE_API_KEY to use one.</source>
        <translation>正在使用：没有密钥；命令和窗口以演示模式运行。这里没有系统密钥环，要使用密钥请设置 KIE_API_KEY。</translation>
    </message>
    <message>
        <source>In use: no key; commands and the window run in demo mode. The keyring, locked now, held none when Kontext Studio last read it; `kontext-studio key set` stores one once it is unlocked.</source>
        <translation>正在使用：没有密钥；命令和窗口以演示模式运行。密钥环现在已锁定，Kontext Studio 上次读取它时其中没有密钥；解锁后，`kontext-studio key set` 可以存入一个。</translation>
    </message>
    <message>
        <source>In use: no key; commands and the window run in demo mode. The keyring, which does not answer now, held none when Kontext Studio last read it; `kontext-studio key set` stores one once it answers.</source>
        <translation>正在使用：没有密钥；命令和窗口以演示模式运行。密钥环现在没有响应，Kontext Studio 上次读取它时其中没有密钥；它恢复响应后，`kontext-studio key set` 可以存入一个。</translation>
    </message>
    <message>
        <source>In use: none, as the keyring cannot be read now. Commands that send jobs refuse to run until it is unlocked (or with --demo, on the demo server); the window opens in demo mode.</source>
        <translation>正在使用：无，因为现在无法读取密钥环。发送任务的命令在密钥环解锁前会拒绝运行（或加上 --demo，在演示服务器上运行）；窗口以演示模式打开。</translation>
    </message>
    <message>
        <source>In use: none, as the keyring does not answer now. Commands that send jobs refuse to run until it answers (or with --demo, on the demo server); the window opens in demo mode.</source>
        <translation>正在使用：无，因为密钥环现在没有响应。发送任务的命令在它恢复响应前会拒绝运行（或加上 --demo，在演示服务器上运行）；窗口以演示模式打开。</translation>
    </message>
    <message>
        <source>The key works: {balance} credits.</source>
        <translation>密钥可用：剩余 {balance} 积分。</translation>
    </message>
    <message>
        <source>Test again in a moment.</source>
        <translation>请稍后再测试一次。</translation>
    </message>
    <message>
        <source>Check your internet connection and test again.</source>
        <translation>请检查网络连接后再测试一次。</translation>
    </message>
    <message>
        <source>`kontext-studio key set` stores a valid one in its place.</source>
        <translation>`kontext-studio key set` 可保存一个有效的密钥来替换它。</translation>
    </message>
    <message>
        <source>Set a valid key in KIE_API_KEY, or store one with `kontext-studio key set`.</source>
        <translation>请在 KIE_API_KEY 中设置有效的密钥，或用 `kontext-studio key set` 保存一个。</translation>
    </message>
    <message>
        <source>No unfinished jobs.</source>
        <translation>没有未完成的任务。</translation>
    </message>
    <message>
        <source>No other unfinished jobs.</source>
        <translation>没有其他未完成的任务。</translation>
    </message>
    <message>
        <source>Job {job_id}: its image was tried again, free, and could not be fetched yet. {why} It is tried again at the next resume, while KIE keeps the image (14 days).</source>
        <translation>任务 {job_id}：已免费再次尝试获取其图片，但暂时仍未取得。{why}在 KIE 保留该图片期间（14 天），下次 resume 时会再次尝试。</translation>
    </message>
    <message>
        <source>Job {job_id}: its demo image was tried again and could not be fetched yet. {why} It is tried again at the next resume, while the demo server keeps the image (14 days).</source>
        <translation>任务 {job_id}：已再次尝试获取其演示图片，但暂时仍未取得。{why}在演示服务器保留该图片期间（14 天），下次 resume 时会再次尝试。</translation>
    </message>
    <message>
        <source>Job {job_id}: its image was tried again, free, and could not be fetched yet. {why} It is tried again at the first resume from {at}, once the limit has had time to pass, while KIE keeps the image (14 days).</source>
        <translation>任务 {job_id}：已免费再次尝试获取其图片，但暂时仍未取得。{why}为等待限制解除，在 KIE 保留该图片期间（14 天），将在 {at} 起的第一次 resume 时再次尝试。</translation>
    </message>
    <message>
        <source>Job {job_id}: its demo image was tried again and could not be fetched yet. {why} It is tried again at the first resume from {at}, once the limit has had time to pass, while the demo server keeps the image (14 days).</source>
        <translation>任务 {job_id}：已再次尝试获取其演示图片，但暂时仍未取得。{why}为等待限制解除，在演示服务器保留该图片期间（14 天），将在 {at} 起的第一次 resume 时再次尝试。</translation>
    </message>
    <message>
        <source>Job {job_id}: its image was not tried again this time: its last try met a limit. {why} It is tried again, free, at the first resume from {at}, while KIE keeps the image (14 days).</source>
        <translation>任务 {job_id}：本次未再次尝试获取其图片，因为上次尝试遇到了限制。{why}在 KIE 保留该图片期间（14 天），将在 {at} 起的第一次 resume 时免费再次尝试。</translation>
    </message>
    <message>
        <source>Job {job_id}: its demo image was not tried again this time: its last try met a limit. {why} It is tried again at the first resume from {at}, while the demo server keeps the image (14 days).</source>
        <translation>任务 {job_id}：本次未再次尝试获取其演示图片，因为上次尝试遇到了限制。{why}在演示服务器保留该图片期间（14 天），将在 {at} 起的第一次 resume 时再次尝试。</translation>
    </message>
    <message>
        <source>Kontext Studio is open on this library elsewhere (the window or another command) and carries on its unfinished jobs; nothing was resumed here.</source>
        <translation>Kontext Studio 已在别处打开此图库（窗口或另一个命令），并由它继续未完成的任务；这里没有继续任何任务。</translation>
    </message>
    <message>
        <source>The window (live mode) has this library open and carries on its unfinished live jobs; nothing was resumed here.</source>
        <translation>打开此图库的窗口（在线模式）会继续其中未完成的在线任务；这里没有继续任何任务。</translation>
    </message>
    <message>
        <source>The window (demo mode) has this library open and carries on its unfinished demo jobs; nothing was resumed here.</source>
        <translation>打开此图库的窗口（演示模式）会继续其中未完成的演示任务；这里没有继续任何任务。</translation>
    </message>
    <message>
        <source>The window (demo mode) has this library open, so nothing was resumed here: it does not run live jobs; switch it to live mode, or quit it and run `kontext-studio resume` again.</source>
        <translation>打开此图库的窗口处于演示模式，因此这里没有继续任何任务：它不运行在线任务；请将它切换到在线模式，或退出它并再次运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>The window (live mode) has this library open, so nothing was resumed here: it does not run demo jobs; quit it and run `kontext-studio resume --demo` again.</source>
        <translation>打开此图库的窗口处于在线模式，因此这里没有继续任何任务：它不运行演示任务；请退出它并再次运行 `kontext-studio resume --demo`。</translation>
    </message>
    <message>
        <source>`kontext-studio {command}` (pid {pid}) has this library open, so nothing was resumed here: run `kontext-studio resume` again once it has ended.</source>
        <translation>`kontext-studio {command}`（进程 {pid}）正打开此图库，因此这里没有继续任何任务：它结束后请再次运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>`kontext-studio {command}` (pid {pid}) has this library open, so nothing was resumed here: run `kontext-studio resume --demo` again once it has ended.</source>
        <translation>`kontext-studio {command}`（进程 {pid}）正打开此图库，因此这里没有继续任何任务：它结束后请再次运行 `kontext-studio resume --demo`。</translation>
    </message>
    <message>
        <source>Kontext Studio is running jobs on this library elsewhere (the window or another command), so nothing was resumed here: that way no job is sent twice. Run `kontext-studio resume` again once it has ended.</source>
        <translation>Kontext Studio 正在别处（窗口或另一个命令）运行此图库的任务，为避免重复发送，这里没有继续任何任务。等它结束后再运行一次 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>An earlier send of job {id} is still making an image for it, as artwork {ids}: `kontext-studio jobs {ids}` shows how it goes.</source>
        <translation>任务 {id} 较早的一次发送仍在为它生成图片，即作品 {ids}：`kontext-studio jobs {ids}` 可查看其进度。</translation>
    </message>
    <message>
        <source>{count} earlier sends of job {id} are still making images for it, as artworks {ids}: `kontext-studio jobs ID` shows how each goes.</source>
        <translation>任务 {id} 较早的 {count} 次发送仍在为它生成图片，即作品 {ids}：`kontext-studio jobs ID` 可查看每一件的进度。</translation>
    </message>
    <message>
        <source>An earlier send of job {id}, cancelled while it was out, was answered late and charged too: its image is already in the library as artwork {ids}.</source>
        <translation>任务 {id} 较早的一次发送在发出途中被取消，但迟到的回复已到达且同样扣费：其图片已作为作品 {ids} 存在于图库中。</translation>
    </message>
    <message>
        <source>{count} earlier sends of job {id}, each cancelled while it was out, were answered late and charged too: their images are already in the library as artworks {ids}.</source>
        <translation>任务 {id} 较早的 {count} 次发送均在发出途中被取消，但迟到的回复已到达且同样扣费：这些图片已作为作品 {ids} 存在于图库中。</translation>
    </message>
    <message>
        <source>An earlier send of job {id} to the demo server, cancelled while it was out, was answered late: its image is already in the library as artwork {ids} (no real credits).</source>
        <translation>任务 {id} 较早一次发往演示服务器的发送在发出途中被取消，但迟到的回复已到达：其图片已作为作品 {ids} 存在于图库中（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>{count} earlier sends of job {id} to the demo server, each cancelled while it was out, were answered late: their images are already in the library as artworks {ids} (no real credits).</source>
        <translation>任务 {id} 较早 {count} 次发往演示服务器的发送均在发出途中被取消，但迟到的回复已到达：这些图片已作为作品 {ids} 存在于图库中（不消耗真实积分）。</translation>
    </message>
    <message>
        <source>The library file was damaged: it was moved aside to {path} and a new, empty library was started.</source>
        <translation>图库文件已损坏：已将其移至 {path}，并新建了一个空图库。</translation>
    </message>
    <message>
        <source>KIE simulator on {url} (Ctrl+C stops it)</source>
        <translation>KIE 模拟器运行于 {url}（按 Ctrl+C 停止）</translation>
    </message>
    <message>
        <source>Interrupted after {done} of {total} files, each said above; the other {left} were not added. Importing all of them again adds only those: a file the library holds already is not added twice.</source>
        <translation>已在处理 {total} 个文件中的 {done} 个后中断，每个文件的结果见上文；其余 {left} 个没有添加。再次导入全部文件只会添加这些：图库中已有的文件不会重复添加。</translation>
    </message>
    <message>
        <source>Interrupted before any file was added; the library is as it was.</source>
        <translation>在添加任何文件之前已中断；图库保持原样。</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
    <message>
        <source>{count} files in the folders were left out, not JPEG, PNG or WebP: {names}</source>
        <translation>文件夹中有 {count} 个文件被略过，不是 JPEG、PNG 或 WebP：{names}</translation>
    </message>
    <message>
        <source>{path}: imported as artwork {id}, without its GPS location (where it was taken); the file keeps it</source>
        <translation>{path}：已导入为作品 {id}，已去除其 GPS 位置（拍摄地点）；原文件仍保留它</translation>
    </message>
    <message>
        <source>{path}: imported as artwork {id}</source>
        <translation>{path}：已导入为作品 {id}</translation>
    </message>
    <message>
        <source>{path}: already in the library as artwork {id}, whose image file was missing: this copy, without its GPS location, is its file now</source>
        <translation>{path}：已作为作品 {id} 在图库中，其图片文件曾丢失：现在这份去除了 GPS 位置的副本就是它的文件</translation>
    </message>
    <message>
        <source>{path}: already in the library as artwork {id}, whose image file was missing: this copy is its file now</source>
        <translation>{path}：已作为作品 {id} 在图库中，其图片文件曾丢失：现在这份副本就是它的文件</translation>
    </message>
    <message>
        <source>{path}: already in the library as artwork {id}; its title stays &quot;{title}&quot;</source>
        <translation>{path}：已作为作品 {id} 在图库中；标题仍为“{title}”</translation>
    </message>
    <message>
        <source>{path}: already in the library as artwork {id}; nothing was added</source>
        <translation>{path}：已作为作品 {id} 在图库中；没有添加任何内容</translation>
    </message>
    <message>
        <source>artwork {id} is published: the copy in your R2 bucket keeps its old title, description and tags until it is published again</source>
        <translation>作品 {id} 已发布：你的 R2 存储桶中的副本在再次发布之前仍保留原来的标题、描述和标签</translation>
    </message>
    <message>
        <source>artwork {id} &quot;{title}&quot;: {tags}</source>
        <translation>作品 {id}“{title}”：{tags}</translation>
    </message>
    <message>
        <source>no tags</source>
        <translation>无标签</translation>
    </message>
    <message>
        <source>{name} in the folder was left out: not a JPEG, PNG or WebP file</source>
        <translation>文件夹中的 {name} 被略过：不是 JPEG、PNG 或 WebP 文件</translation>
    </message>
    <message>
        <source>{count} files in the folder were left out, not JPEG, PNG or WebP: {names}</source>
        <translation>该文件夹中有 {count} 个文件被略过，不是 JPEG、PNG 或 WebP：{names}</translation>
    </message>
    <message>
        <source>1 line of the import shows &quot;?&quot; for characters that stdout&apos;s encoding ({encoding}) cannot write: the same `kontext-studio import` with --json gives them whole, adding no file twice.</source>
        <translation>导入输出中有 1 行以 &quot;?&quot; 代替了 stdout 的编码（{encoding}）写不出的字符：加上 --json 再运行同一条 `kontext-studio import` 会完整给出这些字符，且不会重复添加任何文件。</translation>
    </message>
    <message>
        <source>{count} lines of the import show &quot;?&quot; for characters that stdout&apos;s encoding ({encoding}) cannot write: the same `kontext-studio import` with --json gives them whole, adding no file twice.</source>
        <translation>导入输出中有 {count} 行以 &quot;?&quot; 代替了 stdout 的编码（{encoding}）写不出的字符：加上 --json 再运行同一条 `kontext-studio import` 会完整给出这些字符，且不会重复添加任何文件。</translation>
    </message>
    <message>
        <source>artwork {id}: {tags}</source>
        <translation>作品 {id}：{tags}</translation>
    </message>
    <message>
        <source>Its image may be in the bucket &apos;{bucket}&apos; all the same ({key}): `kontext-studio unpublish {id}` removes it, `kontext-studio publish {id}` publishes it.</source>
        <translation>它的图片仍可能在存储桶 &apos;{bucket}&apos; 中（{key}）：`kontext-studio unpublish {id}` 会移除它，`kontext-studio publish {id}` 会发布它。</translation>
    </message>
    <message>
        <source>Ctrl+C came while artwork {id} was being recorded as published: it is published.</source>
        <translation>按下 Ctrl+C 时，作品 {id} 正在被记录为已发布：它已发布。</translation>
    </message>
    <message>
        <source>unpublished</source>
        <translation>已取消发布</translation>
    </message>
    <message>
        <source>R2 may have removed its image before the failure, so the library now says artwork {id} may be gone from the bucket. `kontext-studio unpublish {id}` again finishes it.</source>
        <translation>R2 可能在失败之前已移除了它的图片，因此作品库现在标明作品 {id} 可能已从存储桶中移除。再次运行 `kontext-studio unpublish {id}` 可以完成移除。</translation>
    </message>
    <message>
        <source>An earlier unpublish of artwork {id} did not finish either, so the library still says it may be gone from the bucket. `kontext-studio unpublish {id}` again finishes it.</source>
        <translation>之前对作品 {id} 的取消发布也没有完成，所以作品库仍显示它可能已从存储桶中移除。再次运行 `kontext-studio unpublish {id}` 可以完成移除。</translation>
    </message>
    <message>
        <source>An earlier unpublish of artwork {id} did not finish, so the library says it may be gone from the bucket. `kontext-studio unpublish {id}` again finishes it.</source>
        <translation>之前对作品 {id} 的取消发布没有完成，所以作品库显示它可能已从存储桶中移除。再次运行 `kontext-studio unpublish {id}` 可以完成移除。</translation>
    </message>
    <message>
        <source>Artwork {id} is not published: there was nothing to unpublish.</source>
        <translation>作品 {id} 未发布：没有需要取消发布的内容。</translation>
    </message>
    <message>
        <source>Artwork {id} was not published: there was nothing to forget.</source>
        <translation>作品 {id} 未发布：没有需要忘记的内容。</translation>
    </message>
    <message>
        <source>Artwork {id} was not published. A publish of it that stopped before its end may have left its image in the bucket &apos;{bucket}&apos; at {host} ({keys}); the library no longer records it, and nothing was removed.</source>
        <translation>作品 {id} 并未发布。它的一次中途停止的发布可能在 {host} 的存储桶 &apos;{bucket}&apos; 中留下了它的图片（{keys}）；图库不再记录它，也没有移除任何内容。</translation>
    </message>
    <message>
        <source>Artwork {id} is no longer recorded as published. Nothing was removed: its image and manifest stay in the bucket it was published to ({keys}).</source>
        <translation>作品 {id} 已不再记录为已发布。没有移除任何内容：它的图片和清单文件仍留在当初发布到的存储桶中（{keys}）。</translation>
    </message>
    <message>
        <source>Artwork {id} is no longer recorded as published. Nothing was removed: its image and manifest stay in the bucket &apos;{bucket}&apos; at {host} ({keys}).</source>
        <translation>作品 {id} 已不再记录为已发布。没有移除任何内容：它的图片和清单文件仍留在 {host} 的存储桶 &apos;{bucket}&apos; 中（{keys}）。</translation>
    </message>
    <message>
        <source>Artwork {id} is no longer recorded as published. Nothing was removed now, but an earlier unpublish of it did not finish: its image and manifest may still be in the bucket it was published to ({keys}), or may be gone.</source>
        <translation>作品 {id} 已不再记录为已发布。这次没有移除任何内容，但之前对它的取消发布没有完成：它的图片和清单可能仍在它发布到的存储桶中（{keys}），也可能已被移除。</translation>
    </message>
    <message>
        <source>Artwork {id} is no longer recorded as published. Nothing was removed now, but an earlier unpublish of it did not finish: its image and manifest may still be in the bucket &apos;{bucket}&apos; at {host} ({keys}), or may be gone.</source>
        <translation>作品 {id} 已不再记录为已发布。这次没有移除任何内容，但之前对它的取消发布没有完成：它的图片和清单可能仍在 {host} 上的存储桶 &apos;{bucket}&apos; 中（{keys}），也可能已被移除。</translation>
    </message>
    <message>
        <source>Ctrl+C came while artwork {id} was being removed from R2: the removal was finished.</source>
        <translation>按下 Ctrl+C 时作品 {id} 正在从 R2 中移除：移除已完成。</translation>
    </message>
    <message>
        <source>Interrupted while artwork {id} was being removed from R2: it may be gone from the bucket, and the library says it may be. `kontext-studio unpublish {id}` finishes it.</source>
        <translation>作品 {id} 正在从 R2 中移除时被中断：它可能已从存储桶中移除，作品库也标明了这一点。`kontext-studio unpublish {id}` 可以完成移除。</translation>
    </message>
    <message>
        <source>Interrupted before artwork {id} was removed from R2: it is still published. `kontext-studio unpublish {id}` removes it.</source>
        <translation>在作品 {id} 从 R2 中移除之前被中断：它仍处于发布状态。`kontext-studio unpublish {id}` 可以将其移除。</translation>
    </message>
    <message>
        <source>Interrupted while the image a stopped publish of artwork {id} left in R2 was being removed: it may still be in the bucket, and the library still says it may be. `kontext-studio unpublish {id}` removes it.</source>
        <translation>正在移除作品 {id} 一次中途停止的发布留在 R2 中的图片时被中断：它可能仍在存储桶中，作品库也仍标明了这一点。`kontext-studio unpublish {id}` 可以移除它。</translation>
    </message>
    <message>
        <source>Interrupted; artwork {id} was removed from R2 all the same: it is no longer published.</source>
        <translation>已中断；作品 {id} 仍然已从 R2 中移除：它不再处于发布状态。</translation>
    </message>
    <message>
        <source>Interrupted; artwork {id} was not published. R2 did not answer, so what was sent could not be taken back: its image may be in the bucket &apos;{bucket}&apos; all the same ({key}). `kontext-studio unpublish {id}` removes it, `kontext-studio publish {id}` publishes it.</source>
        <translation>已中断；作品 {id} 没有发布。R2 没有应答，已发送的内容无法撤回：它的图片仍可能在存储桶 &apos;{bucket}&apos; 中（{key}）。`kontext-studio unpublish {id}` 会移除它，`kontext-studio publish {id}` 会发布它。</translation>
    </message>
    <message>
        <source>not valid UTF-8 text</source>
        <translation>不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <source>not a usable path</source>
        <translation>不是可用的路径</translation>
    </message>
    <message>
        <source>an empty path names no file</source>
        <translation>空路径不指向任何文件</translation>
    </message>
    <message>
        <source>an empty path names no folder</source>
        <translation>空路径不指向任何文件夹</translation>
    </message>
    <message>
        <source>not a job number</source>
        <translation>不是任务编号</translation>
    </message>
    <message>
        <source>there is no such job</source>
        <translation>没有这个任务</translation>
    </message>
    <message>
        <source>a whole number from 1 up</source>
        <translation>须为从 1 起的整数</translation>
    </message>
    <message>
        <source>a whole number from 0 to {high}</source>
        <translation>须为 0 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>a port is a number from 0 to 65535</source>
        <translation>端口是 0 到 65535 之间的数字</translation>
    </message>
    <message>
        <source>seconds from 0 to 3600</source>
        <translation>秒数须在 0 到 3600 之间</translation>
    </message>
    <message>
        <source>carry a failed, cancelled or timed-out job on without making it twice (a demo job uses no real credits)</source>
        <translation>继续失败、已取消或超时的任务，不会重复生成（演示任务不消耗真实积分）</translation>
    </message>
    <message>
        <source>send a job whose outcome is unknown again (a demo job uses no real credits; at worst the image is made twice)</source>
        <translation>再次发送结果未知的任务（演示任务不消耗真实积分；最多只是把图片生成两次）</translation>
    </message>
    <message>
        <source>send it again, though the demo server may have made it already</source>
        <translation>再次发送，尽管演示服务器可能已经生成了它</translation>
    </message>
    <message>
        <source>carry a failed, cancelled or timed-out job on: free where it checks on the task KIE took or fetches its image; otherwise it sends the job again, charged as any new job</source>
        <translation>继续失败、已取消或超时的任务：若是查询 KIE 已接收的任务或取回其图片，则免费；否则会再次发送该任务，与任何新任务一样扣费</translation>
    </message>
    <message>
        <source>Generate one image and wait for it. With no API key (none in the system keyring, KIE_API_KEY not set) it runs in demo mode, as --demo does: a simulated picture from the demo server on this computer, no real credits. A locked keyring that holds the key stops it instead, sending nothing. `kontext-studio key status` says which key is used.</source>
        <translation>生成一张图片并等待完成。没有 API 密钥时（系统密钥环中没有，也未设置 KIE_API_KEY），它以演示模式运行，与 --demo 相同：由本机的演示服务器生成模拟图片，不消耗真实积分。若已锁定的密钥环中存有密钥，则会停止运行，不发送任何内容。`kontext-studio key status` 会说明使用的是哪个密钥。</translation>
    </message>
    <message>
        <source>pro (flux-kontext-pro: fast and affordable; the default) or max (flux-kontext-max: more detail)</source>
        <translation>pro（flux-kontext-pro：快速且实惠；默认）或 max（flux-kontext-max：细节更多）</translation>
    </message>
    <message>
        <source>safety tolerance 0-6, 0 the strictest (0-2 with --image; default 2)</source>
        <translation>安全容忍度 0-6，0 为最严格（使用 --image 时为 0-2；默认 2）</translation>
    </message>
    <message>
        <source>list the library, or show one job in full (jobs ID)</source>
        <translation>列出图库，或显示一个任务的全部信息（jobs ID）</translation>
    </message>
    <message>
        <source>a job&apos;s number: that job in full (prompt, times, error, next step)</source>
        <translation>任务编号：显示该任务的全部信息（提示词、时间、错误、下一步）</translation>
    </message>
    <message>
        <source>only the jobs the window&apos;s filter of that name shows (failed: failed, timed out or unknown); given more than once, those of each</source>
        <translation>只列出窗口的状态筛选中对应的一项显示的任务（active：“进行中”，completed：“已完成”，failed：“失败 / 超时 / 未知”，cancelled：“已取消”）；给出多次时，列出每一项的任务</translation>
    </message>
    <message>
        <source>only the starred artworks</source>
        <translation>只列出已收藏的作品（即窗口中的“★ 已收藏”）</translation>
    </message>
    <message>
        <source>only the N newest; stderr says how many more there are</source>
        <translation>只列出最新的 N 个；标准错误会说明还有多少个未列出</translation>
    </message>
    <message>
        <source>stop tracking a running job, as the window&apos;s Cancel does (credits may still be spent)</source>
        <translation>停止跟踪正在运行的任务，与窗口中的“取消”相同（积分仍可能被扣除）</translation>
    </message>
    <message>
        <source>Stop tracking a running job, as the window&apos;s Cancel does, wherever it runs (the window, another command). KIE has no cancel call: a job it has already taken may still finish there, and its credits may still be spent; `kontext-studio retry ID` then fetches its image without paying again.</source>
        <translation>停止跟踪正在运行的任务，与窗口中的“取消”相同，无论它在哪里运行（窗口或另一个命令）。KIE 不提供取消接口：它已接收的任务仍可能在那里完成，积分仍可能被扣除；之后 `kontext-studio retry ID` 可获取其图片而不再扣费。</translation>
    </message>
    <message>
        <source>give a job whose outcome is unknown the task ID found in the logs of your account on kie.ai: it follows that task, not sent or paid for again</source>
        <translation>为结果未知的任务填入在你的 kie.ai 账户日志中找到的任务 ID：它将跟踪该任务，不会再次发送或重复扣费</translation>
    </message>
    <message>
        <source>the task&apos;s ID, as the logs on kie.ai show it</source>
        <translation>该任务的 ID，按 kie.ai 日志中显示的样子</translation>
    </message>
    <message>
        <source>the tags of each image added, separated by commas (a,b)</source>
        <translation>每张添加的图片的标签，以逗号分隔（a,b）</translation>
    </message>
    <message>
        <source>change an artwork&apos;s title, description or tags</source>
        <translation>更改作品的标题、描述或标签</translation>
    </message>
    <message>
        <source>its title (empty: a generated image&apos;s prompt is shown)</source>
        <translation>作品的标题（留空：生成的图片显示其提示词）</translation>
    </message>
    <message>
        <source>its description, published with the image</source>
        <translation>作品的描述，随图片一同发布</translation>
    </message>
    <message>
        <source>its tags, in place of those it has, separated by commas (a,b)</source>
        <translation>作品的标签，替换原有标签，以逗号分隔（a,b）</translation>
    </message>
    <message>
        <source>tags to add to those it has, separated by commas (a,b)</source>
        <translation>要添加到原有标签的标签，以逗号分隔（a,b）</translation>
    </message>
    <message>
        <source>forget that it is published and remove nothing from R2: for an artwork published in a bucket that can no longer be reached</source>
        <translation>忘记它已发布，不从 R2 移除任何内容：用于发布在已无法访问的存储桶中的作品</translation>
    </message>
    <message>
        <source>delete each finished image that many seconds after it is made, as KIE does after 14 days: its link expires, and no fresh one is given (default 14 days)</source>
        <translation>每张生成完成的图片在生成后经过这么多秒即删除，如同 KIE 在 14 天后所做：其链接失效，也不再提供新链接（默认 14 天）</translation>
    </message>
    <message>
        <source>store, remove, show or test the KIE API key in the system keyring</source>
        <translation>保存、移除、查看或测试系统密钥环中的 KIE API 密钥</translation>
    </message>
    <message>
        <source>set, remove, status or test</source>
        <translation>set（保存）、remove（移除）、status（状态）或 test（测试）</translation>
    </message>
    <message>
        <source>store the key: typed at a prompt that hides it, or piped in</source>
        <translation>保存密钥：在不显示输入的提示处输入，或通过管道传入</translation>
    </message>
    <message>
        <source>Store the KIE API key in the system keyring. From a terminal it is typed at a prompt that does not show it; otherwise the first line of stdin is read (`kontext-studio key set &lt; key.txt`). Never give it as an argument: `ps` and the shell&apos;s history would keep it.</source>
        <translation>将 KIE API 密钥保存到系统密钥环。在终端中，它在不显示输入的提示处输入；否则读取标准输入的第一行（`kontext-studio key set &lt; key.txt`）。切勿把它作为参数传入：`ps` 和 shell 的历史记录会留下它。</translation>
    </message>
    <message>
        <source>remove the key from the system keyring</source>
        <translation>从系统密钥环中移除密钥</translation>
    </message>
    <message>
        <source>ask KIE for the balance with the key in use (creates and charges nothing)</source>
        <translation>用正在使用的密钥向 KIE 查询余额（不创建任务，不扣费）</translation>
    </message>
    <message>
        <source>Interrupted; the KIE API key was not changed.</source>
        <translation>已中断；KIE API 密钥未被更改。</translation>
    </message>
    <message>
        <source>Interrupted while the system keyring was being changed; `kontext-studio key status` says whether it holds a KIE API key.</source>
        <translation>在更改系统密钥环时被中断；`kontext-studio key status` 会显示其中是否有 KIE API 密钥。</translation>
    </message>
    <message>
        <source>Interrupted; nothing was changed.</source>
        <translation>已中断；没有做任何更改。</translation>
    </message>
    <message>
        <source>Interrupted; `kontext-studio jobs {id}` says whether job {id} was cancelled.</source>
        <translation>已中断；`kontext-studio jobs {id}` 可查看任务 {id} 是否已取消。</translation>
    </message>
    <message>
        <source>Interrupted; artwork {id} was not published this time, and the library says of it what it said before. `kontext-studio publish {id}` publishes it.</source>
        <translation>已中断；作品 {id} 这次没有发布，图库中它的记录与之前相同。`kontext-studio publish {id}` 可发布它。</translation>
    </message>
    <message>
        <source>the key command takes one action (set, remove, status or test) and nothing after it but --json; the words given are not repeated here, as one may be a key</source>
        <translation>key 命令只接受一个操作（set、remove、status 或 test），其后除 --json 外不能再有别的词；这里不复述所给的词，因为其中可能有密钥</translation>
    </message>
    <message>
        <source>{path} does not exist. `kontext-studio IMAGE` opens the window with the image file IMAGE as the reference; `kontext-studio --help` lists the commands.</source>
        <translation>{path} 不存在。`kontext-studio IMAGE` 会打开窗口，并以图片文件 IMAGE 作为参考图；`kontext-studio --help` 列出所有命令。</translation>
    </message>
    <message>
        <source>{path} is a folder, not an image file. `kontext-studio IMAGE` opens the window with the image file IMAGE as the reference; `kontext-studio --help` lists the commands.</source>
        <translation>{path} 是文件夹，不是图片文件。`kontext-studio IMAGE` 会打开窗口，并以图片文件 IMAGE 作为参考图；`kontext-studio --help` 列出所有命令。</translation>
    </message>
    <message>
        <source>{path} is not a regular file. `kontext-studio IMAGE` opens the window with the image file IMAGE as the reference; `kontext-studio --help` lists the commands.</source>
        <translation>{path} 不是普通文件。`kontext-studio IMAGE` 会打开窗口，并以图片文件 IMAGE 作为参考图；`kontext-studio --help` 列出所有命令。</translation>
    </message>
    <message>
        <source>end stdout with the result as one JSON line, in English; progress on stderr</source>
        <translation>在标准输出的最后以一行 JSON（英文）给出结果；进度输出到标准错误</translation>
    </message>
    <message>
        <source>demo mode: the bundled demo server on this computer (no key, no real credits)</source>
        <translation>演示模式：使用本机上内置的演示服务器（无需密钥，不消耗真实积分）</translation>
    </message>
    <message>
        <source>the job&apos;s or artwork&apos;s number, as `kontext-studio jobs` shows it</source>
        <translation>任务或作品的编号，即 `kontext-studio jobs` 显示的编号</translation>
    </message>
    <message>
        <source>{app}: generate and edit images with KIE&apos;s Flux Kontext.

With no command it opens the window; `kontext-studio IMAGE` opens it with IMAGE
as the reference to edit.</source>
        <translation>{app}：用 KIE 的 Flux Kontext 生成和编辑图片。

不带命令时打开窗口；`kontext-studio IMAGE` 会打开窗口，
并以图片文件 IMAGE 作为要编辑的参考图。</translation>
    </message>
    <message>
        <source>what to make; with --image, how to change the reference</source>
        <translation>要生成的内容；使用 --image 时，说明如何修改参考图</translation>
    </message>
    <message>
        <source>aspect ratio; by default 1:1, or with --image match (the reference&apos;s own)</source>
        <translation>宽高比；默认 1:1，使用 --image 时默认 match（与参考图相同）</translation>
    </message>
    <message>
        <source>the result&apos;s file format (default png)</source>
        <translation>结果的文件格式（默认 png）</translation>
    </message>
    <message>
        <source>also copy the result into this folder (the library keeps it too); exit code 3 if that copy fails</source>
        <translation>同时将结果复制到此文件夹（图库中也会保留一份）；复制失败时退出码为 3</translation>
    </message>
    <message>
        <source>only the jobs whose prompt, title, tags or description hold every word of TEXT</source>
        <translation>只列出提示词、标题、标签或描述包含 TEXT 中每个词的任务</translation>
    </message>
    <message>
        <source>a JPEG, PNG or WebP file, or a folder of them</source>
        <translation>JPEG、PNG 或 WebP 文件，或包含这些文件的文件夹</translation>
    </message>
    <message>
        <source>the title of each image added (by default its file&apos;s name)</source>
        <translation>每张添加的图片的标题（默认为其文件名）</translation>
    </message>
    <message>
        <source>a description, published with the image</source>
        <translation>描述，随图片一起发布</translation>
    </message>
    <message>
        <source>the port to listen on (default 8765; 0: any free one)</source>
        <translation>监听的端口（默认 8765；0：任一空闲端口）</translation>
    </message>
    <message>
        <source>the fewest seconds a task takes (default 5)</source>
        <translation>任务最少耗时的秒数（默认 5）</translation>
    </message>
    <message>
        <source>the most seconds a task takes (default 20)</source>
        <translation>任务最多耗时的秒数（默认 20）</translation>
    </message>
    <message>
        <source>Interrupted; unfinished demo jobs continue with `kontext-studio resume --demo`.</source>
        <translation>已中断；可用 `kontext-studio resume --demo` 继续未完成的演示任务。</translation>
    </message>
    <message>
        <source>Interrupted.</source>
        <translation>已中断。</translation>
    </message>
    <message>
        <source>Interrupted; this command left no job unfinished.</source>
        <translation>已中断；此命令没有留下未完成的任务。</translation>
    </message>
    <message>
        <source>Interrupted; job {id} was left unfinished: `kontext-studio resume` carries it on.</source>
        <translation>已中断；任务 {id} 未完成：可用 `kontext-studio resume` 继续。</translation>
    </message>
    <message>
        <source>Interrupted; demo job {id} was left unfinished: `kontext-studio resume --demo` carries it on.</source>
        <translation>已中断；演示任务 {id} 未完成：可用 `kontext-studio resume --demo` 继续。</translation>
    </message>
    <message>
        <source>Interrupted; jobs {ids} were left unfinished: `kontext-studio resume` carries them on.</source>
        <translation>已中断；任务 {ids} 未完成：可用 `kontext-studio resume` 继续它们。</translation>
    </message>
    <message>
        <source>Interrupted; demo jobs {ids} were left unfinished: `kontext-studio resume --demo` carries them on.</source>
        <translation>已中断；演示任务 {ids} 未完成：可用 `kontext-studio resume --demo` 继续它们。</translation>
    </message>
    <message>
        <source>Interrupted; job {id} was left unfinished: the window open on this library carries it on within a few seconds if it is in live mode (once no window or other command has the library open, `kontext-studio resume` does).</source>
        <translation>已中断；任务 {id} 未完成：打开此图库的窗口若处于在线模式，会在几秒内继续它（当没有窗口或其他命令打开此图库时，可用 `kontext-studio resume` 继续）。</translation>
    </message>
    <message>
        <source>Interrupted; jobs {ids} were left unfinished: the window open on this library carries them on within a few seconds if it is in live mode (once no window or other command has the library open, `kontext-studio resume` does).</source>
        <translation>已中断；任务 {ids} 未完成：打开此图库的窗口若处于在线模式，会在几秒内继续它们（当没有窗口或其他命令打开此图库时，可用 `kontext-studio resume` 继续）。</translation>
    </message>
    <message>
        <source>Interrupted; job {id} was left unfinished: the window open on this library (live mode) carries it on within a few seconds.</source>
        <translation>已中断；任务 {id} 未完成：打开此图库的窗口（在线模式）会在几秒内继续它。</translation>
    </message>
    <message>
        <source>Interrupted; demo job {id} was left unfinished: the window open on this library (demo mode) carries it on within a few seconds.</source>
        <translation>已中断；演示任务 {id} 未完成：打开此图库的窗口（演示模式）会在几秒内继续它。</translation>
    </message>
    <message>
        <source>Interrupted; jobs {ids} were left unfinished: the window open on this library (live mode) carries them on within a few seconds.</source>
        <translation>已中断；任务 {ids} 未完成：打开此图库的窗口（在线模式）会在几秒内继续它们。</translation>
    </message>
    <message>
        <source>Interrupted; demo jobs {ids} were left unfinished: the window open on this library (demo mode) carries them on within a few seconds.</source>
        <translation>已中断；演示任务 {ids} 未完成：打开此图库的窗口（演示模式）会在几秒内继续它们。</translation>
    </message>
    <message>
        <source>Interrupted; job {id} was left unfinished: the window open on this library (live mode) carries it on once no other command is running jobs on this library.</source>
        <translation>已中断；任务 {id} 未完成：等不再有其他命令运行此图库的任务后，打开此图库的窗口（在线模式）会继续它。</translation>
    </message>
    <message>
        <source>Interrupted; demo job {id} was left unfinished: the window open on this library (demo mode) carries it on once no other command is running jobs on this library.</source>
        <translation>已中断；演示任务 {id} 未完成：等不再有其他命令运行此图库的任务后，打开此图库的窗口（演示模式）会继续它。</translation>
    </message>
    <message>
        <source>Interrupted; jobs {ids} were left unfinished: the window open on this library (live mode) carries them on once no other command is running jobs on this library.</source>
        <translation>已中断；任务 {ids} 未完成：等不再有其他命令运行此图库的任务后，打开此图库的窗口（在线模式）会继续它们。</translation>
    </message>
    <message>
        <source>Interrupted; demo jobs {ids} were left unfinished: the window open on this library (demo mode) carries them on once no other command is running jobs on this library.</source>
        <translation>已中断；演示任务 {ids} 未完成：等不再有其他命令运行此图库的任务后，打开此图库的窗口（演示模式）会继续它们。</translation>
    </message>
    <message>
        <source>Interrupted; job {id} was left unfinished: the window (demo mode) has this library open and does not run live jobs: switch it to live mode, or quit it and run `kontext-studio resume`.</source>
        <translation>已中断；任务 {id} 未完成：打开此图库的窗口处于演示模式，不运行在线任务：请将它切换到在线模式，或退出它并运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>Interrupted; jobs {ids} were left unfinished: the window (demo mode) has this library open and does not run live jobs: switch it to live mode, or quit it and run `kontext-studio resume`.</source>
        <translation>已中断；任务 {ids} 未完成：打开此图库的窗口处于演示模式，不运行在线任务：请将它切换到在线模式，或退出它并运行 `kontext-studio resume`。</translation>
    </message>
    <message>
        <source>Interrupted; demo job {id} was left unfinished: the window (live mode) has this library open and does not run demo jobs: quit it and run `kontext-studio resume --demo`.</source>
        <translation>已中断；演示任务 {id} 未完成：打开此图库的窗口处于在线模式，不运行演示任务：请退出它并运行 `kontext-studio resume --demo`。</translation>
    </message>
    <message>
        <source>Interrupted; demo jobs {ids} were left unfinished: the window (live mode) has this library open and does not run demo jobs: quit it and run `kontext-studio resume --demo`.</source>
        <translation>已中断；演示任务 {ids} 未完成：打开此图库的窗口处于在线模式，不运行演示任务：请退出它并运行 `kontext-studio resume --demo`。</translation>
    </message>
    <message>
        <source>Interrupted; job {id} was left unfinished: `kontext-studio {command}` (pid {pid}) has this library open; once it has ended, `kontext-studio resume` carries it on.</source>
        <translation>已中断；任务 {id} 未完成：`kontext-studio {command}`（进程 {pid}）正打开此图库；它结束后，`kontext-studio resume` 会继续此任务。</translation>
    </message>
    <message>
        <source>Interrupted; demo job {id} was left unfinished: `kontext-studio {command}` (pid {pid}) has this library open; once it has ended, `kontext-studio resume --demo` carries it on.</source>
        <translation>已中断；演示任务 {id} 未完成：`kontext-studio {command}`（进程 {pid}）正打开此图库；它结束后，`kontext-studio resume --demo` 会继续此任务。</translation>
    </message>
    <message>
        <source>Interrupted; jobs {ids} were left unfinished: `kontext-studio {command}` (pid {pid}) has this library open; once it has ended, `kontext-studio resume` carries them on.</source>
        <translation>已中断；任务 {ids} 未完成：`kontext-studio {command}`（进程 {pid}）正打开此图库；它结束后，`kontext-studio resume` 会继续这些任务。</translation>
    </message>
    <message>
        <source>Interrupted; demo jobs {ids} were left unfinished: `kontext-studio {command}` (pid {pid}) has this library open; once it has ended, `kontext-studio resume --demo` carries them on.</source>
        <translation>已中断；演示任务 {ids} 未完成：`kontext-studio {command}`（进程 {pid}）正打开此图库；它结束后，`kontext-studio resume --demo` 会继续这些任务。</translation>
    </message>
    <message>
        <source>Interrupted; demo job {id} was left unfinished: the window open on this library carries it on within a few seconds if it is in demo mode (once no window or other command has the library open, `kontext-studio resume --demo` does).</source>
        <translation>已中断；演示任务 {id} 未完成：打开此图库的窗口若处于演示模式，会在几秒内继续它（当没有窗口或其他命令打开此图库时，可用 `kontext-studio resume --demo` 继续）。</translation>
    </message>
    <message>
        <source>Interrupted; demo jobs {ids} were left unfinished: the window open on this library carries them on within a few seconds if it is in demo mode (once no window or other command has the library open, `kontext-studio resume --demo` does).</source>
        <translation>已中断；演示任务 {ids} 未完成：打开此图库的窗口若处于演示模式，会在几秒内继续它们（当没有窗口或其他命令打开此图库时，可用 `kontext-studio resume --demo` 继续）。</translation>
    </message>
    <message>
        <source>There is no display to show the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). Start Kontext Studio from a desktop session; the commands (kontext-studio --help) work without one.</source>
        <translation>没有可显示窗口的显示器（DISPLAY 和 WAYLAND_DISPLAY 都未设置）。请在桌面会话中启动 Kontext Studio；命令行（kontext-studio --help）无需显示器也能使用。</translation>
    </message>
    <message>
        <source>Kontext Studio is still opening on this library (it may be waiting for the system keyring to be unlocked); this launch waits for its window.</source>
        <translation>Kontext Studio 仍在此图库上打开（可能正在等待解锁系统密钥环）；本次启动会等待它的窗口。</translation>
    </message>
    <message>
        <source>Kontext Studio is already open on this library but does not answer. Close it (or end it) and start again.</source>
        <translation>Kontext Studio 已在此图库上打开，但没有响应。请关闭（或结束）它后再启动。</translation>
    </message>
    <message>
        <source>open the window, run one demo job in a temporary home, exit 0 if all works</source>
        <translation>打开窗口，在临时目录中运行一个演示任务，一切正常时退出码为 0</translation>
    </message>
    <message>
        <source>`kontext-studio resubmit {id} --demo --yes` sends it again; a demo job uses no real credits.</source>
        <translation>`kontext-studio resubmit {id} --demo --yes` 会再次发送它；演示任务不消耗真实积分。</translation>
    </message>
    <message>
        <source>generate one image and wait for it</source>
        <translation>生成一张图片并等待完成</translation>
    </message>
    <message>
        <source>reference image to edit</source>
        <translation>要编辑的参考图</translation>
    </message>
    <message>
        <source>carry every unfinished job to the end</source>
        <translation>继续完成所有未完成的任务</translation>
    </message>
    <message>
        <source>send a job whose outcome is unknown again (it may be charged twice)</source>
        <translation>再次发送结果未知的任务（可能重复扣费）</translation>
    </message>
    <message>
        <source>the demo server has no record of the job, or an earlier send made its image or is still making it: send it again as a new job (a demo job uses no real credits)</source>
        <translation>演示服务器没有该任务的记录，或较早的一次发送已生成或仍在生成它的图片：作为新任务再次发送（演示任务不消耗真实积分）</translation>
    </message>
    <message>
        <source>KIE has no record of the job, or an earlier send made its image or is still making it: send it again as a new, paid job</source>
        <translation>KIE 没有该任务的记录，或较早的一次发送已生成或仍在生成它的图片：作为新的付费任务再次发送</translation>
    </message>
    <message>
        <source>you have checked KIE&apos;s logs: send it again</source>
        <translation>你已查看过 KIE 日志：再次发送</translation>
    </message>
    <message>
        <source>exit codes:
  0   done: the job completed, the artwork was published or unpublished (or
      not published: said so); the simulator stopped (Ctrl+C, SIGTERM, SIGHUP)
  1   it failed; the reason is on stderr (and in the JSON line), but that of
      a job that failed, in its result on stdout; or stdout could not be
      written (a full disk): said on stderr, no JSON line (a command that
      changes the library finishes its work first); a command that failed
      or was refused keeps its own code, its reason said first (a failed
      job&apos;s too, in its result&apos;s line, and in the log file)
  2   refused before anything was sent, the reason on stderr: bad input, no
      such job or artwork, R2 not set up; resume: live jobs are left waiting
      for a KIE API key (the demo jobs it carried on are listed)
  3   generate --out: the image is in the library, but copying it into the
      folder failed (the reason is on stdout, and in the JSON line; when
      stdout cannot be written, a full disk, it is said first on stderr)
  4   generate, resume, retry, resubmit, attach: the window (or another
      command) took the job over and carries it on; nothing failed. Had the
      command&apos;s own send gone out before, its image is kept as an artwork of
      its own (said on stderr)
  130 interrupted (Ctrl+C); the command says what it left: the jobs left
      unfinished and what carries them on (`kontext-studio resume`,
      `resume --demo` for demo jobs, or the window open on the library); a
      command that starts no job says what it did
  143 stopped by SIGTERM (kill, timeout): as by Ctrl+C
  129 stopped by SIGHUP (the terminal closed): as by Ctrl+C
  141 the reader of stdout stopped early (| head -1): ended quietly (a
      command that changes the library finishes its work first; one that
      failed ends with its own code)</source>
        <translation>退出码：
  0   完成：任务已完成，作品已发布或已取消发布（或本未发布：会说明）；
      模拟器被停止（Ctrl+C、SIGTERM、SIGHUP）
  1   失败；原因见标准错误（以及 JSON 行），
      但失败任务的原因在其结果中，见标准输出；
      或无法写入标准输出（磁盘已满）：见标准错误，没有 JSON 行
      （更改图库的命令会先完成其工作）；
      命令本身失败或被拒绝时保留其自身的退出码，并先说明原因
      （失败任务的原因也会先说明，以其结果行的形式，并记入日志文件）
  2   发送前即被拒绝，原因见标准错误：
      输入有误，没有这个任务或作品，R2 未设置；
      resume：在线任务因没有 KIE API 密钥而留待继续
      （它继续完成的演示任务照常列出）
  3   generate --out：图片已在图库中，但复制到该文件夹失败
      （原因见标准输出，以及 JSON 行；无法写入标准输出时（磁盘已满），
      原因会先在标准错误中说明）
  4   generate、resume、retry、resubmit、attach：
      窗口（或另一个命令）接手了该任务并继续进行；没有失败。
      若命令自己的发送已先发出，其图片另存为一件作品（见标准错误）
  130 已中断（Ctrl+C）；命令会说明留下了什么：
      留下的未完成任务及由谁继续（`kontext-studio resume`，
      演示任务用 `resume --demo`，或打开此图库的窗口）；
      不启动任务的命令会说明它做了什么
  143 被 SIGTERM 停止（kill、timeout）：与 Ctrl+C 相同
  129 被 SIGHUP 停止（终端已关闭）：与 Ctrl+C 相同
  141 标准输出的读取方提前停止了（| head -1）：安静地结束
      （更改图库的命令会先完成其工作；
      命令本身失败时，以其自身的退出码结束）</translation>
    </message>
    <message>
        <source>add finished images to the library</source>
        <translation>将已完成的图片添加到图库</translation>
    </message>
    <message>
        <source>publish an artwork to R2</source>
        <translation>将作品发布到 R2</translation>
    </message>
    <message>
        <source>remove an artwork from R2</source>
        <translation>从 R2 移除作品</translation>
    </message>
    <message>
        <source>run the KIE simulator on 127.0.0.1</source>
        <translation>在 127.0.0.1 上运行 KIE 模拟器</translation>
    </message>
    <message>
        <source>which keyring is used, whether it holds a key, whether KIE_API_KEY is set, and which key the commands use (never the key itself)</source>
        <translation>使用的是哪个密钥环、其中是否有密钥、KIE_API_KEY 是否已设置，以及命令使用哪个密钥（绝不显示密钥本身）</translation>
    </message>
    <message>
        <source>invalid choice: {value} (did you mean {command}?)</source>
        <translation>无效的选择：{value}（是否想输入 {command}？）</translation>
    </message>
    <message>
        <source>{words}.</source>
        <comment>a command&apos;s help as a sentence</comment>
        <translation>{words}。</translation>
    </message>
    <message>
        <source>{refusal} (did you mean {option}?)</source>
        <translation>{refusal}（是否想输入 {option}？）</translation>
    </message>
    <message>
        <source>the key command takes one action: set, remove, status or test</source>
        <translation>key 命令需要一个操作：set、remove、status 或 test</translation>
    </message>
    <message>
        <source>a word not shown here, as it may be a key</source>
        <translation>一个可能是密钥、因此不在此显示的词</translation>
    </message>
    <message>
        <source>--min-latency must not be above --max-latency</source>
        <translation>--min-latency 不能大于 --max-latency</translation>
    </message>
    <message>
        <source>a job&apos;s number and {option} do not go together</source>
        <translation>任务编号和 {option} 不能同时使用</translation>
    </message>
    <message>
        <source>say what to change: --title, --description, --tags or --add-tags</source>
        <translation>请说明要更改的内容：--title、--description、--tags 或 --add-tags</translation>
    </message>
    <message>
        <source>argument --safety: 0 to {high} when editing a reference image (--image)</source>
        <translation>参数 --safety：编辑参考图（--image）时须为 0 到 {high}</translation>
    </message>
    <message>
        <source>Interrupted; unfinished jobs continue with `kontext-studio resume`.</source>
        <translation>已中断；可用 `kontext-studio resume` 继续未完成的任务。</translation>
    </message>
    <message>
        <source>The output could not be written to stdout: {reason}.</source>
        <translation>无法把输出写入 stdout：{reason}。</translation>
    </message>
    <message>
        <source>The settings file {file} could not be read, so the defaults of all settings apply. Correct it, or choose them again in the window&apos;s Settings.</source>
        <translation>设置文件 {file} 无法读取，所有设置均改用默认值。请修正该文件，或在窗口的设置中重新选择。</translation>
    </message>
    <message>
        <source>Some settings in {file} could not be used, so their defaults apply: {names}. Correct them there, or choose them again in the window&apos;s Settings; the log file says what was wrong.</source>
        <translation>{file} 中的部分设置无法使用，已改用默认值：{names}。请在该文件中修正，或在窗口的设置中重新选择；日志文件中写明了问题所在。</translation>
    </message>
</context>
<context>
    <name>single_instance</name>
    <message>
        <source>Kontext Studio is finishing the work under way on this library (a job being sent, say) before it closes; it opens again in a moment.</source>
        <translation>Kontext Studio 正在此图库上完成进行中的工作（例如正在发送的任务），之后才会关闭；稍后就会重新打开。</translation>
    </message>
    <message>
        <source>Kontext Studio has not finished closing on this library after {seconds} seconds. Wait until it has ended (or end it), then start Kontext Studio again.</source>
        <translation>Kontext Studio 在 {seconds} 秒后仍未在此图库上关闭完毕。请等它结束（或结束它），然后再启动 Kontext Studio。</translation>
    </message>
</context>
</TS>
