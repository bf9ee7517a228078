"""The reparative dashboard: a site's (or the state's) year in charts — hours by month and by
project, items made and delivered, deliveries by recipient type, participants and produce — and
what needs the coordinator's attention. Totals are added up off the GUI thread, again whenever
the page is shown or F5 is pressed, so a save on another page shows here at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCharts import (QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart,
                              QChartView, QHorizontalBarSeries, QStackedBarSeries, QValueAxis)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QSpinBox, QVBoxLayout, QWidget)
from shiboken6 import isValid

from rjdesk.services.core import sites
from rjdesk.services.core.context import Actor
from rjdesk.services.core.database import Database
from rjdesk.services.reparative import attention, totals
from rjdesk.services.reparative.attention import AttentionItem
from rjdesk.services.reparative.totals import Totals
from rjdesk.ui.common.jobs import Job, Progress, run_job
from rjdesk.ui.common.list_page import site_filter
from rjdesk.ui.common.page import Page
from rjdesk.ui.reparative.goods_common import RED, qty, today

#: Month numbers: twelve bars leave no room for names at 1024 pixels wide, and a bar
#: chart's categories must differ (J, J, J would be one).
MONTHS = tuple(str(m) for m in range(1, 13))
APPROVED, PENDING, MADE, DELIVERED = "#2e7d32", "#f9a825", "#1565c0", "#6a1b9a"
TOP_PROJECTS = 8
#: Fewer items than projects: two bars each and a legend, and a category shorter than its
#: label's height is drawn as "…".
TOP_ITEMS = 6


@dataclass(frozen=True)
class DashboardData:
    totals: Totals
    attention: list[AttentionItem]


def produce_text(pounds: float) -> str:
    """Produce in pounds, and in tons once there is a ton of it."""
    if pounds >= 2000:
        return f"{qty(round(pounds))} lb ({qty(round(pounds / 2000, 1))} tons)"
    return f"{qty(round(pounds, 1))} lb"


def chart_view(title: str, parent: QWidget) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(260, 190)
    return view


def bar_set(name: str, values: list[float], colour: str) -> QBarSet:
    found = QBarSet(name)
    found.append([float(v) for v in values])
    found.setColor(QColor(colour))
    return found


class DashboardPage(Page):
    """``data`` holds the last totals shown; ``charts`` the four charts by name."""

    title = "Reparative dashboard"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.data: DashboardData | None = None
        self.job: Job[DashboardData] | None = None
        self.site_filter = site_filter(self, sites.list_sites(db), actor, min_chars=20)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        self.status = QLabel(self)
        header = QHBoxLayout()
        for label, widget in (("&Site:", self.site_filter), ("&Year:", self.year)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            header.addWidget(caption)
            header.addWidget(widget)
        header.addStretch(1)
        header.addWidget(self.status)
        self.figures = {name: QLabel(self) for name in
                        ("approved", "pending", "declined", "participants", "produce")}
        cards = QHBoxLayout()
        for name, caption in (("approved", "Hours approved"), ("pending", "Waiting"),
                              ("declined", "Declined"), ("participants", "Participants"),
                              ("produce", "Produce")):
            box = QVBoxLayout()
            title = QLabel(caption, self)
            title.setStyleSheet("color: #5f6368;")
            self.figures[name].setObjectName(f"figure_{name}")
            self.figures[name].setStyleSheet("font-size: 14pt; font-weight: 600;")
            box.addWidget(title)
            box.addWidget(self.figures[name])
            cards.addLayout(box)
            cards.addSpacing(12)
        cards.addStretch(1)
        self.charts = {"months": chart_view("Hours by month (1 = January)", self),
                       "projects": chart_view("Hours by project (approved)", self),
                       "items": chart_view("Items made and delivered (produce: above)",
                                           self),
                       "recipients": chart_view("Delivered by recipient type", self)}
        grid = QGridLayout()
        for i, view in enumerate(self.charts.values()):
            grid.addWidget(view, i // 2, i % 2)
        self.attention = QListWidget(self)
        self.attention.setObjectName("attention")
        self.attention.setMaximumHeight(96)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(cards)
        layout.addLayout(grid, 1)
        layout.addWidget(QLabel("<b>Needs attention</b>", self))
        layout.addWidget(self.attention)
        self.site_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().showEvent(event)
        self.refresh()  # a save on another page shows as soon as this one is looked at

    def refresh(self) -> None:
        """Add up the totals again, off the GUI thread; a newer request replaces an older."""
        db, actor = self.db, self.actor
        site_id, year = self.site_filter.currentData(), self.year.value()
        if self.job is not None and not self.job.done:
            self.job.cancel()

        def work(progress: Progress) -> DashboardData:
            found = totals.dashboard(db, actor, site_id, year)
            progress.check()
            return DashboardData(found, attention.needs_attention(db, actor, site_id,
                                                                  today=today()))

        def done(data: DashboardData) -> None:
            if isValid(self):  # the page may be gone (another person signed in) by now
                self.show_data(data)

        self.status.setText("Adding up…")
        # quiet: the line above says it is adding up; a progress window over the whole
        # window for a page merely looked at would be in the way
        self.job = run_job(self, work, on_done=done, label="Adding up the totals…", quiet=True)

    def show_data(self, data: DashboardData) -> None:
        self.data = data
        t = data.totals
        approved = sum(m.approved for m in t.by_month)
        self.figures["approved"].setText(qty(round(approved, 2)))
        self.figures["pending"].setText(qty(round(sum(m.pending for m in t.by_month), 2)))
        self.figures["declined"].setText(qty(round(sum(m.declined for m in t.by_month), 2)))
        self.figures["participants"].setText(f"{t.participants:,}")
        self.figures["produce"].setText(produce_text(t.produce_pounds))
        self._months(t)
        self._projects(t)
        self._items(t)
        self._recipients(t)
        self.attention.clear()
        for item in data.attention:
            entry = QListWidgetItem(f"{item.site_code}: {item.text}")
            entry.setForeground(QBrush(QColor(RED)))
            self.attention.addItem(entry)
        if not data.attention:
            self.attention.addItem("Nothing needs attention.")
        self.status.setText("")

    @staticmethod
    def _reset(view: QChartView) -> QChart:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _bars(self, name: str, series: QBarSeries | QStackedBarSeries | QHorizontalBarSeries,
              categories: list[str]) -> None:
        chart = self._reset(self.charts[name])
        chart.addSeries(series)
        labels = QBarCategoryAxis()
        labels.append(categories or [""])
        small = QFont(labels.labelsFont())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        labels.setLabelsFont(small)
        values = QValueAxis()
        values.setLabelFormat("%.0f")
        values.setLabelsFont(small)
        top = max((s.at(i) for s in series.barSets() for i in range(s.count())), default=0.0)
        if isinstance(series, QStackedBarSeries):
            top = max((sum(s.at(i) for s in series.barSets())
                       for i in range(len(categories))), default=0.0)
        values.setRange(0, max(1.0, top))
        if top <= 5:  # whole numbers only: 0, 1, 2 … never 0, 0, 1, 1
            values.setTickCount(int(max(1.0, math.ceil(top))) + 1)
            values.setMax(max(1.0, math.ceil(top)))
        horizontal = isinstance(series, QHorizontalBarSeries)
        chart.addAxis(labels, Qt.AlignmentFlag.AlignLeft if horizontal
                      else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal
                      else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(labels)
        series.attachAxis(values)
        if top > 5:
            values.applyNiceNumbers()
        chart.legend().setVisible(len(series.barSets()) > 1)

    def _months(self, t: Totals) -> None:
        by = {m.month.month: m for m in t.by_month}
        series = QStackedBarSeries()
        series.append(bar_set("Approved", [by[m].approved if m in by else 0
                                           for m in range(1, 13)], APPROVED))
        series.append(bar_set("Waiting", [by[m].pending if m in by else 0
                                          for m in range(1, 13)], PENDING))
        self._bars("months", series, list(MONTHS))

    def _projects(self, t: Totals) -> None:
        top = sorted(t.by_project, key=lambda p: -p.approved)[:TOP_PROJECTS]
        top.reverse()  # the largest on top
        series = QHorizontalBarSeries()
        series.append(bar_set("Approved", [p.approved for p in top], APPROVED))
        self._bars("projects", series, [p.name[:22] for p in top])

    def _items(self, t: Totals) -> None:
        """Counted items only: pounds of produce would dwarf them (they are a figure above)."""
        counted = sorted((i for i in t.items if i.unit.pounds is None),
                         key=lambda i: -i.made)[:TOP_ITEMS]
        counted.reverse()  # the most made on top
        series = QHorizontalBarSeries()
        series.append(bar_set("Made", [i.made for i in counted], MADE))
        series.append(bar_set("Delivered", [i.delivered for i in counted], DELIVERED))
        # the name alone, short: the axis beside a half-width chart elides anything longer
        self._bars("items", series, [i.item_name[:16] for i in counted])

    def _recipients(self, t: Totals) -> None:
        rows = list(t.delivered_by_recipient_type)
        rows.reverse()
        series = QHorizontalBarSeries()
        series.append(bar_set("Deliveries", [float(n) for _kind, _q, n in rows], DELIVERED))
        self._bars("recipients", series, [kind.label for kind, _q, _n in rows])

    def chart_values(self, name: str) -> dict[str, list[float]]:
        """What a chart shows, by bar set (for the tests and the self-test)."""
        chart = self.charts[name].chart()
        return {s.label(): [s.at(i) for i in range(s.count())]
                for series in chart.series() if isinstance(series, QAbstractBarSeries)
                for s in series.barSets()}
