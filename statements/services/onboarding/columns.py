"""The onboarding files' columns: the agreements file's (and the balances file's) headers as a bank writes them, the
words its cells may hold, and the problems of a file named in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular import Problems
from reconcile.models import AccountStatus, AccountType, RiskTier
from statements.models import Cycle

ALIASES = {
    "customer_name": ("客户名称", "企业名称", "单位名称", "户名"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "account_number": ("账号", "账户", "对公账号"),
    "currency": ("币种",),
    "branch": ("开户行", "开户网点", "开户机构"),
    "cycle": ("对账周期", "周期"),
    "channel": ("对账渠道", "渠道", "对账方式"),
    "contact_name": ("联系人",),
    "mobile": ("手机号码", "手机", "手机号", "移动电话"),
    # 联系电话 is the mobile in a file without a mobile column (as before), the courier's number beside one.
    "contact_phone": ("联系电话",),
    "phone": ("电话", "固定电话", "座机", "办公电话", "收件人电话"),
    "address": ("邮寄地址", "地址", "通讯地址"),
    "postcode": ("邮编", "邮政编码"),
    "status": ("账户状态", "状态"),
    "valid_from": ("生效日期", "协议生效日期", "签约日期"),
    "detail_in_pdf": ("明细随对账单", "打印明细", "对账单附明细"),
    # Optional: how the contact is told (the registry's channels), and the openid for WeChat.
    "notify_channel": ("通知方式", "通知渠道", "提醒方式"),
    "wechat_openid": ("微信openid", "微信OpenID", "openid", "微信号openid"),
    "status_since": ("状态日期", "状态生效日期", "销户日期", "久悬日期"),
    "account_type": ("账户类型", "账户性质"),
    "risk_tier": ("风险等级", "风险分层", "风险级别"),
}
REQUIRED = (
    "customer_name",
    "credit_code",
    "account_number",
    "branch",
    "cycle",
    "channel",
    "contact_name",
    ("mobile", "contact_phone"),
)
CYCLES = {
    "monthly": Cycle.MONTHLY,
    "按月": Cycle.MONTHLY,
    "月": Cycle.MONTHLY,
    "每月": Cycle.MONTHLY,
    "quarterly": Cycle.QUARTERLY,
    "按季": Cycle.QUARTERLY,
    "季": Cycle.QUARTERLY,
    "每季": Cycle.QUARTERLY,
}
STATUSES = {
    "": AccountStatus.ACTIVE,
    "active": AccountStatus.ACTIVE,
    "正常": AccountStatus.ACTIVE,
    "dormant": AccountStatus.DORMANT,
    "不动户": AccountStatus.DORMANT,
    "久悬": AccountStatus.DORMANT,
    "closed": AccountStatus.CLOSED,
    "销户": AccountStatus.CLOSED,
    "已销户": AccountStatus.CLOSED,
}
# The optional detail_in_pdf column: yes/no in English or Chinese; empty keeps what the agreement has.
YES_NO = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "是": True,
    "需要": True,
    "打印": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "否": False,
    "不需要": False,
    "不打印": False,
}
# Optional columns (a file without them leaves the account's value as it is; so does an empty cell).
RISK_TIERS = {
    "high": RiskTier.HIGH,
    "高": RiskTier.HIGH,
    "高风险": RiskTier.HIGH,
    "normal": RiskTier.NORMAL,
    "一般": RiskTier.NORMAL,
    "正常": RiskTier.NORMAL,
    "普通": RiskTier.NORMAL,
}
ACCOUNT_TYPES = {
    "basic": AccountType.BASIC,
    "基本": AccountType.BASIC,
    "基本存款账户": AccountType.BASIC,
    "基本户": AccountType.BASIC,
    "general": AccountType.GENERAL,
    "一般": AccountType.GENERAL,
    "一般存款账户": AccountType.GENERAL,
    "一般户": AccountType.GENERAL,
    "special": AccountType.SPECIAL,
    "专用": AccountType.SPECIAL,
    "专用存款账户": AccountType.SPECIAL,
    "专户": AccountType.SPECIAL,
    "temporary": AccountType.TEMPORARY,
    "临时": AccountType.TEMPORARY,
    "临时存款账户": AccountType.TEMPORARY,
    "临时户": AccountType.TEMPORARY,
    "margin": AccountType.MARGIN,
    "保证金": AccountType.MARGIN,
    "保证金账户": AccountType.MARGIN,
}
# A column as the upload's header may name it, in the reader's language (the file may use either name):
# "column account_number" in English, “账号”列 in Chinese.
COLUMN_NAMES = {
    "customer_name": gettext_lazy("column customer_name"),
    "credit_code": gettext_lazy("column credit_code"),
    "account_number": gettext_lazy("column account_number"),
    "currency": gettext_lazy("column currency"),
    "branch": gettext_lazy("column branch"),
    "cycle": gettext_lazy("column cycle"),
    "channel": gettext_lazy("column channel"),
    "contact_name": gettext_lazy("column contact_name"),
    "mobile": gettext_lazy("column mobile"),
    "address": gettext_lazy("column address"),
    "postcode": gettext_lazy("column postcode"),
    "phone": gettext_lazy("column phone"),
    "contact_phone": gettext_lazy("column contact_phone"),
    "status": gettext_lazy("column status"),
    "valid_from": gettext_lazy("column valid_from"),
    "detail_in_pdf": gettext_lazy("column detail_in_pdf"),
    "notify_channel": gettext_lazy("column notify_channel"),
    "wechat_openid": gettext_lazy("column wechat_openid"),
    "status_since": gettext_lazy("column status_since"),
    "account_type": gettext_lazy("column account_type"),
    "risk_tier": gettext_lazy("column risk_tier"),
    "as_of": gettext_lazy("column as_of"),
    "balance": gettext_lazy("column balance"),
}


def import_problems() -> Problems:
    """The problems of an agreements or balances file, its columns named as COLUMN_NAMES names them."""
    return Problems(names=COLUMN_NAMES)


def currency_problem(problems: Problems, line: int, currency: str, number: str, kept_in: str) -> None:
    problems.cell(
        line,
        "currency",
        currency,
        _("account %(number)s is kept in %(currency)s; correct the currency") % {"number": number, "currency": kept_in},
    )
