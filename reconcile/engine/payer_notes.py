"""A person paying for a company, as the books note it: 收鼎盛宏科技销货款(马梅代付), 华美回款(郭英涵代付).

Chinese ledgers book a receipt under the customer and note who paid it when the bank will show someone else (个人
代付: the owner or an employee paying from a personal account). The note names the bank's payer, so for this run
the person stands for the entry's company, as an accountant's "treat these two names as the same" would
(``aliases``). A person noted for two different companies stands for neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .types import Line

# The payer's name (two to four characters, as Chinese personal names are) right before 代付 / 代为支付 / 代缴, after a
# bracket, a separator or 由 / 系 (收货款(马梅代付), 收货款，由马梅代付): without one, where the name starts is unknown.
_NOTE = re.compile(r"(?:^|[（(：:，,、;；\s]|由|系)([\u4e00-\u9fff]{2,4})(?:代付|代为支付|代为付款|代缴)")


def payer_aliases(journal: Sequence[Line], aliases: Mapping[str, str] | None) -> Mapping[str, str] | None:
    """``aliases`` with every person the journal's notes name as paying for the entry's company (the caller's own
    aliases win); ``aliases`` itself when no note names anybody."""
    noted: dict[str, str | None] = {}
    for line in journal:
        text = line.text
        if not line.counterparty or "代" not in text:
            continue
        for m in _NOTE.finditer(text):
            person = m.group(1)
            if len(person) > 2 and person[0] in "由系":  # 收货款，由李四代付
                person = person[1:]
            known = noted.setdefault(person, line.counterparty)
            if known is not None and known != line.counterparty:
                noted[person] = None  # noted for two companies: for neither
    read = {person: company for person, company in noted.items() if company and person != company}
    if not read:
        return aliases
    return {**read, **(aliases or {})}
