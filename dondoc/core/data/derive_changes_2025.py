"""Derive the registry change of 1 July 2025 (vgcl_changes_2025.csv) from the 2021 and 2025 registries.

    python dondoc/core/data/derive_changes_2025.py > dondoc/core/data/vgcl_changes_2025.csv

Sources: vgcl_units_2021.csv, vgcl_units_2025.csv (what public sources name) and the province mapping of
DOMAIN.md (63 provinces → 34 from 1/7/2025). Choices not stated by the sources are marked in the note column:
- a merged province's federation continues as the one that keeps the province's code (e.g. Quảng Nam's
  merges into Đà Nẵng's); Thừa Thiên Huế's is renamed (thành phố Huế), keeping its code;
- ministries merged, so their sector unions merge (Giao thông vận tải → Xây dựng; Thông tin và Truyền thông →
  the new Khoa học và Công nghệ); Nông nghiệp và PTNT and Dầu khí continue under new names as new units;
- Công đoàn Viên chức Việt Nam is dissolved (its units moved elsewhere: none is in the registry);
- the centre's eight departments become two (DOMAIN.md); which old department went into which new one is
  not stated by the sources: here by function (unverified);
- the Party delegation is succeeded by the Party committee;
- subordinate units (institutes, school, press) are not in the 2025 list but nothing says they ended: kept.
"""

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).parent
PROVINCES = {  # survivor code ← merged codes (DOMAIN.md)
    "ldld-ho-chi-minh": ["ldld-binh-duong", "ldld-ba-ria-vung-tau"],
    "ldld-hai-phong": ["ldld-hai-duong"],
    "ldld-da-nang": ["ldld-quang-nam"],
    "ldld-can-tho": ["ldld-soc-trang", "ldld-hau-giang"],
    "ldld-tuyen-quang": ["ldld-ha-giang"],
    "ldld-lao-cai": ["ldld-yen-bai"],
    "ldld-thai-nguyen": ["ldld-bac-kan"],
    "ldld-phu-tho": ["ldld-vinh-phuc", "ldld-hoa-binh"],
    "ldld-bac-ninh": ["ldld-bac-giang"],
    "ldld-hung-yen": ["ldld-thai-binh"],
    "ldld-ninh-binh": ["ldld-ha-nam", "ldld-nam-dinh"],
    "ldld-quang-tri": ["ldld-quang-binh"],
    "ldld-quang-ngai": ["ldld-kon-tum"],
    "ldld-gia-lai": ["ldld-binh-dinh"],
    "ldld-khanh-hoa": ["ldld-ninh-thuan"],
    "ldld-lam-dong": ["ldld-dak-nong", "ldld-binh-thuan"],
    "ldld-dak-lak": ["ldld-phu-yen"],
    "ldld-dong-nai": ["ldld-binh-phuoc"],
    "ldld-tay-ninh": ["ldld-long-an"],
    "ldld-vinh-long": ["ldld-ben-tre", "ldld-tra-vinh"],
    "ldld-dong-thap": ["ldld-tien-giang"],
    "ldld-ca-mau": ["ldld-bac-lieu"],
    "ldld-an-giang": ["ldld-kien-giang"],
}
RENAMED_KEEPING_CODE = {"ldld-thua-thien-hue": "ldld-hue"}  # 2021 code → its 2025 code in the sources
SECTORS = {  # 2021 code → 2025 code it merges into (new or existing)
    "cd-giao-thong-van-tai": "cd-xay-dung",
    "cd-thong-tin-va-truyen-thong": "cd-khoa-hoc-va-cong-nghe",
    "cd-nong-nghiep-va-phat-trien-nong-thon": "cd-nong-nghiep-va-moi-truong",
    "cd-dau-khi": "cd-tap-doan-cn-nl-qg",
}
DISSOLVED = {"cd-vien-chuc": "giải thể; các công đoàn trực thuộc chuyển về nơi khác (DOMAIN.md)"}
DEPARTMENTS = {  # 2021 department → 2025 department (unverified grouping by function)
    "vgcl-vp": "vgcl-ctcd", "vgcl-tg": "vgcl-ctcd", "vgcl-toc": "vgcl-ctcd", "vgcl-nc": "vgcl-ctcd",
    "vgcl-tc": "vgcl-ctcd", "vgcl-dn": "vgcl-ctcd", "vgcl-cspl": "vgcl-qhld",
}
PARTY = {"vgcl-dangdoan": "vgcl-dangu"}
UNVERIFIED = "bộ máy cơ quan TLĐ còn hai ban (DOMAIN.md); ghép theo chức năng, chưa đối chiếu quyết định gốc"


def read(name: str) -> dict[str, dict]:
    with open(HERE / name, encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def main() -> None:
    old, new = read("vgcl_units_2021.csv"), read("vgcl_units_2025.csv")
    rows: list[list[str]] = []
    # New units first: the merges below name them as successors.
    for code, row in new.items():
        if code not in old and code not in RENAMED_KEEPING_CODE.values():
            kind = "centre" if row["kind"] == "apparatus" else row["kind"]
            note = "đơn vị mới từ 01/07/2025"
            rows.append(["new", code, row["name"], row["short_name"], kind, row["parent"], "", "", note])
    for code, row in new.items():  # the same unit under a new name
        if code in old and old[code]["name"] != row["name"]:
            rows.append(["rename", code, row["name"], row["short_name"] or old[code]["short_name"], "", "", "", "",
                         "đổi tên"])
    for old_code, new_code in RENAMED_KEEPING_CODE.items():
        row = new[new_code]
        rows.append(["rename", old_code, row["name"], row["short_name"], "", "", "", "Huế",
                     f"đổi tên (nguồn 2025 ghi mã {new_code}; giữ mã cũ để nối liền lịch sử)"])
    for survivor, merged in PROVINCES.items():
        for code in merged:
            rows.append(["merge", code, "", "", "", "", survivor, "",
                         f"sáp nhập tỉnh: {old[code]['short_name']} vào {new[survivor]['short_name']}"])
    for code, target in SECTORS.items():
        rows.append(["merge", code, "", "", "", "", target, "", "hợp nhất bộ, ngành"])
    for code, note in DISSOLVED.items():
        rows.append(["dissolve", code, "", "", "", "", "", "", note])
    for code, target in DEPARTMENTS.items():
        rows.append(["merge", code, "", "", "", "", target, "", UNVERIFIED])
    for code, target in PARTY.items():
        rows.append(["merge", code, "", "", "", "", target, "", "Đảng đoàn kết thúc; Đảng ủy Tổng Liên đoàn"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["action", "code", "name", "short_name", "kind", "parent", "successors", "province", "note"])
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
