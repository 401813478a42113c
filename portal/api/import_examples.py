"""Examples of the imports API's bodies for the OpenAPI schema: what a client sends and gets back, as served."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

PUSHED = {
    "id": 3,
    "kind": "journal",
    "source": "push",
    "format": "json",
    "filename": "push.json",
    "sha256": "b7f901d0b449733167324fd9c09195496ca7fe9cea2fba4b302689325f07e9ac",
    "status": "done",
    "account_number": "31050161373600001234",
    "created_at": "2026-11-02T09:29:58+08:00",
    "finished_at": "2026-11-02T09:29:58+08:00",
    "lines_in_file": 2,
    "lines_stored": 2,
    "lines_known": 0,
    "lines_removed": 0,
    "total_in": "200000.00",
    "total_out": "50000.00",
    "opening_balance": "1000000.00",
    "closing_balance": "1150000.00",
    "period_start": "2026-10-08",
    "period_end": "2026-10-15",
    "accounts_registered": [],
    "message": "新入库 2 行，已存在 0 行; 收入 200,000.00，支出 50,000.00; 期末余额 1,150,000.00",
    "error_count": 0,
    "errors": [],
}
PUSH_EXAMPLES = [
    OpenApiExample(
        "A journal batch",
        request_only=True,
        value={
            "kind": "journal",
            "account_number": "31050161373600001234",
            "opening_balance": "1000000.00",
            "lines": [
                {
                    "date": "2026-10-08",
                    "serial": "记-12",
                    "summary": "收恒瑞贸易货款",
                    "counter_subject": "应收账款",
                    "settlement_method": "电汇",
                    "debit": "200000.00",
                    "balance": "1200000.00",
                },
                {
                    "date": "2026-10-15",
                    "serial": "记-18",
                    "summary": "付中科信达货款",
                    "counter_subject": "应付账款",
                    "settlement_method": "电汇",
                    "credit": "50000.00",
                    "balance": "1150000.00",
                },
            ],
        },
    ),
    OpenApiExample("Stored", response_only=True, status_codes=["201"], value=PUSHED),
    OpenApiExample(
        "Refused, nothing stored",
        response_only=True,
        status_codes=["422"],
        value={
            **PUSHED,
            "id": 4,
            "status": "refused",
            "format": "",
            "account_number": None,
            "lines_in_file": 0,
            "lines_stored": 0,
            "total_in": "0.00",
            "total_out": "0.00",
            "opening_balance": None,
            "closing_balance": None,
            "period_start": None,
            "period_end": None,
            "message": "文件被拒绝：发现 1 处问题，未导入任何数据。请修改所列各行后重新上传。",
            "error_count": 1,
            "errors": [
                {
                    "row": 1,
                    "column": "date",
                    "value": "2026-10-32",
                    "code": "bad_date",
                    "message": "第1行 “date” 列：日期不存在 “2026-10-32”",
                }
            ],
        },
    ),
    OpenApiExample(
        "Pushed before",
        response_only=True,
        status_codes=["409"],
        value={
            "code": "duplicate_file",
            "message": "该文件已经导入过（2026-11-02 09:29，导入批次 #3），本次未重复导入。",
        },
    ),
]


UPLOADED = {
    **PUSHED,
    "id": 5,
    "kind": "bank",
    "source": "api",
    "format": "",
    "filename": "october.xlsx",
    "status": "pending",
    "account_number": None,
    "finished_at": None,
    "lines_in_file": 0,
    "lines_stored": 0,
    "total_in": "0.00",
    "total_out": "0.00",
    "opening_balance": None,
    "closing_balance": None,
    "period_start": None,
    "period_end": None,
    "message": "",
}
UPLOAD_EXAMPLES = [
    OpenApiExample(
        "Received (already done or refused where tasks run in-process, as in the embedded default)",
        response_only=True,
        status_codes=["202"],
        value=UPLOADED,
    ),
    OpenApiExample(
        "Uploaded before",
        response_only=True,
        status_codes=["409"],
        value={
            "code": "duplicate_file",
            "message": "该文件已经导入过（2026-11-02 09:29，导入批次 #3），本次未重复导入。",
        },
    ),
]
IMPORT_EXAMPLES = [OpenApiExample("A journal push", response_only=True, value=PUSHED)]
DETAIL = {**PUSHED, "gaps": [], "notices": []}
DETAIL_EXAMPLES = [OpenApiExample("A journal push", response_only=True, value=DETAIL)]
WITHDRAW_EXAMPLES = [
    OpenApiExample("Why", request_only=True, value={"reason": "误传：这是上月的日记账"}),
    OpenApiExample("Withdrawn", response_only=True, value={**DETAIL, "status": "withdrawn"}),
]
PROFILE = {
    "id": 1,
    "name": "招行网银导出",
    "kind": "bank",
    "owner": "上海恒瑞贸易有限公司",
    "columns": {"date": "入账日", "amount": "金额(元)"},
    "flag_values": {},
    "header_row": None,
    "year": None,
}
PROFILE_LIST_EXAMPLES = [OpenApiExample("The company's profile", response_only=True, value=[PROFILE])]
PROFILE_SAVE_EXAMPLES = [
    OpenApiExample(
        "Columns by their header",
        request_only=True,
        value={"name": "招行网银导出", "kind": "bank", "columns": {"date": "入账日", "amount": "金额(元)"}},
    ),
    OpenApiExample("Saved", response_only=True, status_codes=["201"], value=PROFILE),
]
