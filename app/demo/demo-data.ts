import type { MarkKind } from "#db/schema.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";

/** Marks named in the county plans (../shared/context). Legal numbers are demo placeholders. */
export const DEMO_MARKS: Array<{
  slug: string;
  name: string;
  kind: MarkKind;
  divisionCode: string;
  legalBasis: string;
  standardCode: string | null;
  registrant: string | null;
  targetUsers: number | null;
  targetYear: number | null;
  approvingLevel: "county" | "province";
}> = [
  {
    slug: "anhua-dark-tea",
    name: "安化黑茶",
    kind: "gi_product",
    divisionCode: "430923",
    legalBasis: "（演示）地理标志产品保护批准公告 第 DEMO-01 号",
    standardCode: "（演示）DB43/T DEMO-01",
    registrant: null,
    targetUsers: 200,
    targetYear: 2026,
    approvingLevel: "province",
  },
  {
    slug: "anhua-huangjing",
    name: "安化黄精",
    kind: "certification_mark",
    divisionCode: "430923",
    legalBasis: "（演示）商标注册号 DEMO-02",
    standardCode: null,
    registrant: "安化县黄精产业协会（虚构）",
    targetUsers: 30,
    targetYear: 2026,
    approvingLevel: "county",
  },
  {
    slug: "anhua-larou",
    name: "安化腊肉",
    kind: "collective_mark",
    divisionCode: "430923",
    legalBasis: "（演示）商标注册号 DEMO-03",
    standardCode: null,
    registrant: "安化县腊肉协会（虚构）",
    targetUsers: 20,
    targetYear: 2026,
    approvingLevel: "county",
  },
  {
    slug: "zhashui-black-fungus",
    name: "柞水木耳",
    kind: "gi_product",
    divisionCode: "611026",
    legalBasis: "（演示）地理标志产品保护批准公告 第 DEMO-04 号",
    standardCode: "（演示）DB61/T DEMO-04",
    registrant: null,
    targetUsers: 20,
    targetYear: 2025,
    approvingLevel: "province",
  },
  {
    slug: "shaping-xiang-embroidery",
    name: "沙坪湘绣",
    kind: "certification_mark",
    divisionCode: "430105",
    legalBasis: "（演示）商标注册号 DEMO-05",
    standardCode: null,
    registrant: "长沙市开福区沙坪湘绣协会（虚构）",
    targetUsers: 50,
    targetYear: 2026,
    approvingLevel: "county",
  },
  {
    slug: "lezhi-lezilewei",
    name: "乐滋乐味",
    kind: "regional_brand",
    divisionCode: "512022",
    legalBasis: "（演示）乐至县区域公用品牌管理办法",
    standardCode: null,
    registrant: "乐至县农业农村局（虚构）",
    targetUsers: 40,
    targetYear: 2026,
    approvingLevel: "county",
  },
  {
    slug: "jinhu-crayfish",
    name: "金湖龙虾",
    kind: "certification_mark",
    divisionCode: "320831",
    legalBasis: "（演示）商标注册号 DEMO-07",
    standardCode: null,
    registrant: "金湖县水产协会（虚构）",
    targetUsers: 30,
    targetYear: 2026,
    approvingLevel: "county",
  },
];

/** Fictional enterprises with valid credit codes (check characters computed, not typed). */
export const DEMO_ENTERPRISES = [
  {
    key: "anhua-1",
    name: "安化县云岭茶业有限公司（虚构）",
    divisionCode: "430923",
    org: "MA4L0A01",
    legal: "李云",
    contact: "张晓茶",
    phone: "13800000001",
  },
  {
    key: "anhua-2",
    name: "安化县资江黑茶厂（虚构）",
    divisionCode: "430923",
    org: "MA4L0A02",
    legal: "王江",
    contact: "刘小梅",
    phone: "13800000002",
  },
  {
    key: "anhua-3",
    name: "安化县梅山黄精专业合作社（虚构）",
    divisionCode: "430923",
    org: "MA4L0A03",
    legal: "陈山",
    contact: "陈小燕",
    phone: "13800000003",
  },
  {
    key: "zhashui-1",
    name: "柞水县秦岭木耳有限公司（虚构）",
    divisionCode: "611026",
    org: "MA6Q0B01",
    legal: "赵岭",
    contact: "孙木",
    phone: "13900000001",
  },
  {
    key: "kaifu-1",
    name: "长沙市沙坪绣庄（虚构）",
    divisionCode: "430105",
    org: "MA4K0C01",
    legal: "周绣",
    contact: "吴针",
    phone: "13700000001",
  },
  {
    key: "lezhi-1",
    name: "乐至县天池食品有限公司（虚构）",
    divisionCode: "512022",
    org: "MA6L0D01",
    legal: "郑池",
    contact: "冯乐",
    phone: "13600000001",
  },
  {
    key: "jinhu-1",
    name: "金湖县白马湖水产有限公司（虚构）",
    divisionCode: "320831",
    org: "MA1J0E01",
    legal: "何湖",
    contact: "许虾",
    phone: "13500000001",
  },
].map((e) => ({ ...e, uscc: makeUscc("91", e.divisionCode, e.org) }));

export const DEMO_PRINTER = { name: "益阳市资江印务有限公司（虚构）", divisionCode: "430900", org: "MA4Y0P01" };

/** Demo passwords are public on purpose (README); production mode never creates them. */
export const DEMO_ACCOUNTS = [
  { username: "admin", password: "Demo-admin-2026", role: "admin" as const, displayName: "系统管理员（演示）" },
  {
    username: "regulator.anhua",
    password: "Demo-regulator-2026",
    role: "regulator" as const,
    displayName: "安化县市场监管局（演示）",
    divisionCode: "430923",
  },
  {
    username: "inspector.anhua",
    password: "Demo-inspector-2026",
    role: "regulator" as const,
    displayName: "安化县市场监管局执法人员（演示）",
    divisionCode: "430923",
  },
  {
    username: "approver.hunan",
    password: "Demo-approver-2026",
    role: "regulator" as const,
    displayName: "湖南省知识产权局（演示）",
    divisionCode: "430000",
    isApprover: true,
  },
  {
    username: "regulator.zhashui",
    password: "Demo-regulator-2026",
    role: "regulator" as const,
    displayName: "柞水县市场监管局（演示）",
    divisionCode: "611026",
    isApprover: true,
  },
  {
    username: "enterprise.demo",
    password: "Demo-enterprise-2026",
    role: "enterprise" as const,
    displayName: "张晓茶（演示）",
    enterpriseKey: "anhua-1",
  },
  {
    username: "printer.demo",
    password: "Demo-printer-2026",
    role: "printer" as const,
    displayName: "资江印务（演示）",
  },
];

/** Demo announcements and the users they admitted (all fictional). */
export const DEMO_ANNOUNCEMENTS = [
  { division: "430923", number: "安化县公告〔2025〕第 1 号", on: "2025-06-01" },
  { division: "611026", number: "柞水县公告〔2025〕第 3 号", on: "2025-09-15" },
  { division: "430105", number: "开福区公告〔2025〕第 2 号", on: "2025-08-08" },
];

export const DEMO_USERS: Array<{
  enterprise: string;
  mark: string;
  route: "gi_product" | "collective_member" | "certification_licensee";
  products: string;
  output: string;
  announcement: string;
}> = [
  {
    enterprise: "anhua-1",
    mark: "anhua-huangjing",
    route: "certification_licensee",
    products: "九蒸九晒黄精",
    output: "20 吨",
    announcement: "安化县公告〔2025〕第 1 号",
  },
  {
    enterprise: "anhua-2",
    mark: "anhua-dark-tea",
    route: "gi_product",
    products: "千两茶、茯砖茶",
    output: "300 吨",
    announcement: "安化县公告〔2025〕第 1 号",
  },
  {
    enterprise: "anhua-3",
    mark: "anhua-huangjing",
    route: "certification_licensee",
    products: "黄精片",
    output: "8 吨",
    announcement: "安化县公告〔2025〕第 1 号",
  },
  {
    enterprise: "zhashui-1",
    mark: "zhashui-black-fungus",
    route: "gi_product",
    products: "柞水木耳（干制）",
    output: "120 吨",
    announcement: "柞水县公告〔2025〕第 3 号",
  },
  {
    enterprise: "kaifu-1",
    mark: "shaping-xiang-embroidery",
    route: "certification_licensee",
    products: "湘绣挂屏、湘绣围巾",
    output: "5000 件",
    announcement: "开福区公告〔2025〕第 2 号",
  },
];
