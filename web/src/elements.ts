// The Element Plus components the dashboard registers: only these are bundled. A child component
// (ElRadioButton, ElOption, ElCheckboxGroup, …) is registered by its parent's plugin (ElRadio, ElSelect,
// ElCheckbox, …). tests/elements.test.ts fails when a template uses an <el-…> tag that this list does not
// register (Vue would render it as plain markup, silently: the respond form once sat on the page that way).
import {
  ElAlert, ElBadge, ElButton, ElCheckbox, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog,
  ElDrawer, ElEmpty, ElForm, ElFormItem, ElInput, ElInputNumber, ElMenu, ElMenuItem, ElOption, ElPagination, ElProgress,
  ElRadio, ElRadioButton, ElRadioGroup, ElSelect, ElSwitch, ElTabPane, ElTable, ElTableColumn, ElTabs, ElTag, ElText,
  ElLink, ElTimeline, ElTimelineItem, ElSlider, ElResult, ElCalendar,
} from 'element-plus'
import type { Plugin } from 'vue'

export const elementComponents: Plugin[] = [
  ElAlert, ElBadge, ElButton, ElCheckbox, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog,
  ElDrawer, ElEmpty, ElForm, ElFormItem, ElInput, ElInputNumber, ElMenu, ElMenuItem, ElOption, ElPagination, ElProgress,
  ElRadio, ElRadioButton, ElRadioGroup, ElSelect, ElSwitch, ElTabPane, ElTable, ElTableColumn, ElTabs, ElTag, ElText,
  ElLink, ElTimeline, ElTimelineItem, ElSlider, ElResult, ElCalendar,
]
