"""The seed bulletin (窗口工作周报 2022年第33期) as an outline, typed in by hand.

The seed's mistakes are fixed: no spaces from PDF extraction, the second 一、 is 二、, and the
two paragraphs the PDF split at a page break are whole again.
"""

from __future__ import annotations

import datetime as dt

from zhoubao.outline import (
    Block,
    Distribution,
    DistributionLine,
    Heading,
    Masthead,
    Outline,
    Paragraph,
    PartTitle,
    Properties,
    Run,
)

UNIT = "四川省政府政务服务和公共资源交易服务中心"
ISSUE_DATE = dt.date(2022, 11, 1)


def text(*paragraph: str) -> Paragraph:
    """A body paragraph of plain 仿宋 runs."""
    return Paragraph(tuple(Run(part) for part in paragraph))


def inspection(number: str, label: str, finding: str) -> Paragraph:
    """A run-in item of the hall inspection: bold label, plain finding."""
    return Paragraph((Run(f"（{number}）{label}。", "bold"), Run(finding)))


def masthead(draft_mark: str = "") -> Masthead:
    return Masthead(
        name="窗口工作周报",
        issue_lines=("2022年第33期（总第408期）",),
        unit=UNIT,
        date="2022年11月1日",
        draft_mark=draft_mark,
    )


def distribution() -> Distribution:
    return Distribution(
        lines=(
            DistributionLine("报", "中心领导。"),
            DistributionLine("送", "各相关省级部门（单位），中心各处（室）、直属单位。"),
            DistributionLine("发", "各部门窗口。"),
        ),
        copies="（共印80份）",
    )


def properties() -> Properties:
    return Properties(title="窗口工作周报 2022年第33期", author=UNIT, date=ISSUE_DATE)


SEED_BODY: tuple[Block, ...] = (
    PartTitle("政务服务工作", "（9月26日—9月30日）"),
    Heading(1, "一、省级政务服务事项受理办理情况"),
    text(
        "据四川一体化政务服务平台数据统计，2022年1月1日至2022年9月30日，省本级行政许可事项受理644608件，"
        "办结636146件；公共服务事项受理19985725件，办结7756140件，其它九类行权事项受理50880件，"
        "累计办结51546件。"
    ),
    Heading(1, "二、窗口工作动态"),
    Heading(2, "（一）优化营商环境工作开展情况"),
    text(
        "9月26日，省广播电视局与重庆市文化和旅游发展委员会联合印发《四川省广播电视局重庆市文化和旅游发展委员会"
        "关于做好“川渝通办”事项办理的通知》。《通知》明确，将“广播电视节目制作经营单位设立审批”事项分别纳入"
        "四川省政务服务网和重庆“渝快办”的“川渝通办”专区，要求各市（州）和区（县）广播电视行政部门结合工作实际，"
        "按照两省（市）政府办公厅公布的“川渝通办”事项清单、《政务服务“川渝通办”工作规程》规定的业务流程，"
        "以及事项办事指南要求，逐一完善本地实施清单，确保办事指南的精准性，不断拓宽通办的范围和深度，"
        "为企业和群众提供更加便捷的办事服务，推进“川渝通办”事项落地见效，提升政务服务效能。"
    ),
    Heading(2, "（二）窗口服务效能提升工作情况"),
    text(
        "（1）9月28日，斯伦贝谢科技服务（成都）有限公司向生态环境厅政务窗口赠送了锦旗和感谢信，"
        "对窗口主动作为、优质高效的服务表示感谢。在成都市疫情防控静态管理期间，生态环境厅政务窗口了解到"
        "公司急需转运4枚放射源至宁夏和内蒙古使用情况后，窗口工作人员急企业之所急，主动与企业联系，"
        "指导企业采取“不见面”方式，通过网上提交办件材料，及时审查审核，当天完成放射性同位素异地使用备案，"
        "并安排专人上门服务将批复文件送达企业，解决了企业的燃眉之急。公司表示，生态环境厅窗口为民服务、"
        "真心助企、为企业纾困，帮助企业度过难关，对窗口的服务态度表示非常满意。"
    ),
    text(
        "（2）9月29日，经济和信息化厅组织召开省本级政务服务“三化”建设工作推进会。会议强调：政务服务要结合"
        "一体化综窗改革，扎实推进我厅政务服务标准化、规范化、便利化工作。要提高认识、高度重视，对标对表、"
        "扎实推进；要着眼长远、创新机制，按照“标准化、规范化、便利化”要求推进政务服务水平再上新台阶。"
    ),
    Heading(2, "（三）厅（局）长进大厅"),
    text(
        "（1）9月28日，省交通物流发展中心二级巡视员、主任柏吉琼到省政务中心“交通窗口”走访调研。"
        "听取了大件运输审批团队工作汇报，详细了解窗口干部职工工作生活情况。就交通运输审批工作进行了认真交流。"
        "并对疫情时期大件运输服务工作怎样开展、大件运输许可和大件运输服务如何有机衔接、审批队伍建设等"
        "进行了座谈讨论。"
    ),
    text(
        "（2）9月30日，商务厅一级巡视员刘祥超同志开展“厅长进大厅”活动。在听取窗口工作汇报后，"
        "对我厅审批工作特别是“一网通办”工作所取得的成绩给予了充分肯定，着重就进一步做好我厅“一网通办”工作"
        "提出三点要求。一要巩固“一网通办”工作成效。经过共同努力，工作进步明显，成绩来之不易，"
        "审批处要牵头做好工作总结，进一步巩固良好发展势头，努力争取更好成绩。二要强化“一网通办”工作督促。"
        "要主动加强沟通协调，充分利用专题会、工作通报等形式，强化工作督查，充分调动工作的积极性。"
        "三要加强“一网通”工作请示汇报。根据“一网通办”能力提升考核指标调整变化情况，及时报告工作推进情况、"
        "存在问题和对策建议，推动形成齐抓共管合力，不断提升我厅网上政务服务能力和水平。"
    ),
    text(
        "（3）9月30日，生态环境厅党组书记、厅长钟承林到生态环境厅窗口调研。亲手为两家企业办理业务，"
        "详细了解政务服务事项梳理、办事流程、办理时限等方面工作情况，并与省中心党委书记、主任吕芙蓉等领导座谈，"
        "就进一步加强生态环境政务服务、优化营商环境、做好重大项目环评审批服务等工作进行深入交流。"
        "钟承林强调，窗口是生态环境厅直面企业和群众第一站，要认真落实政务中心工作要求，牢牢树立服务宗旨意识，"
        "积极推进政务服务标准化规范化便利化，努力提升服务效能，为企业和群众提供更好更便捷更高效的服务。"
    ),
    Heading(1, "三、大厅巡查情况"),
    text(
        "大厅窗口规范化、标准化作为大厅管理贯彻始终的重点工作之一，各部门窗口须严格执行规范化、标准化要求，"
        "政务平台服务处结合“放管服”大督查要求，将加强管理力度和措施、加大督查（巡）查力度，"
        "落实各项规范化、标准化要求。本周大厅巡查情况如下："
    ),
    inspection("一", "按时到岗情况", "总体情况良好。"),
    inspection("二", "工作区域标准化执行情况", "总体情况良好。"),
    inspection("三", "着装情况", "总体情况良好。"),
    inspection("四", "工作牌佩戴情况", "总体情况良好。"),
    inspection("五", "纪律秩序", "总体情况良好。"),
    inspection(
        "六",
        "大厅防控情况",
        "大厅人员管控到位，进出人员须出示“健康码”及72小时核酸检测阴性证明，"
        "落实体温监测，物业对大厅各点位消杀落实到位，大厅运行保障有序。",
    ),
)


def seed_outline(draft_mark: str = "", layout: dict | None = None) -> Outline:
    """The seed bulletin with its mistakes fixed."""
    return Outline(
        blocks=(masthead(draft_mark), *SEED_BODY, distribution()), properties=properties(), layout=dict(layout or {})
    )


def long_outline(paragraphs: int = 5) -> Outline:
    """A bulletin that runs to three pages: the seed's long items, renumbered under sub-headings.

    Each item is six to twelve lines, so `paragraphs` moves the end of the text (and with it
    the distribution block's spacer) through the last page; the default fills about three pages.
    """
    items = [
        block.text[3:]
        for block in SEED_BODY
        if isinstance(block, Paragraph) and block.text[:3] in ("（1）", "（2）", "（3）")
    ]
    body: list[Block] = [PartTitle("政务服务工作", "（9月26日—9月30日）"), Heading(1, "一、窗口工作动态")]
    for index in range(paragraphs):
        if index % 5 == 0:
            body.append(Heading(2, f"（{'一二三四五六七八九十'[index // 5]}）窗口服务效能提升工作情况"))
        body.append(text(f"（{index % 5 + 1}）{items[index % len(items)]}"))
    return Outline(blocks=(masthead(), *body, distribution()), properties=properties())
