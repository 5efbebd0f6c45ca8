#include "core/taxonomy.h"

#include <array>

namespace chainscope {
namespace {

using enum Direction;
constexpr std::array<Assembly, 12> kAssemblies{{
    {"BAT", "Power battery", "动力电池", kNewEnergy},
    {"EDS", "Electric drive", "电驱动系统", kNewEnergy},
    {"FCH", "Fuel cell and hydrogen", "燃料电池与氢能", kNewEnergy},
    {"HVE", "High-voltage and thermal", "高压电气与热管理", kNewEnergy},
    {"CKP", "Intelligent cockpit", "智能座舱", kIntelligentConnected},
    {"ADS", "Intelligent driving", "智能驾驶", kIntelligentConnected},
    {"CNE", "Connectivity and chips", "车联网与芯片", kIntelligentConnected},
    {"VCS", "Car control and smart lighting", "整车控制与智能灯光", kIntelligentConnected},
    {"ENG", "Engine", "发动机", kTraditional},
    {"TRN", "Transmission", "变速器", kTraditional},
    {"CHS", "Chassis", "底盘", kTraditional},
    {"BDY", "Body and interior", "车身与内外饰", kTraditional},
}};

ComponentType Make(const char* code, const char* name, const char* name_zh, const char* assembly,
                   ComponentUse use, const char* unit, double unit_price_yuan, double typical_qty) {
  ComponentType c;
  c.code = code;
  c.name = name;
  c.name_zh = name_zh;
  c.assembly = assembly;
  c.direction = FindAssembly(assembly)->direction;
  c.powertrain = use;
  c.unit = unit;
  c.unit_price_yuan = unit_price_yuan;
  c.typical_qty_per_vehicle = typical_qty;
  return c;
}

std::vector<ComponentType> BuildComponents() {
  using enum ComponentUse;
  // Typical quantity 0 marks an input-only component (bought by suppliers, not by vehicle makers).
  return {
      Make("BAT-PACK", "Battery pack", "动力电池包", "BAT", kNev, "set", 45000, 1),
      Make("BAT-CELL", "Battery cell", "动力电芯", "BAT", kNev, "piece", 320, 0),
      Make("BAT-BMS", "Battery management system", "电池管理系统", "BAT", kNev, "set", 1500, 0),
      Make("BAT-CATH", "Cathode material", "正极材料", "BAT", kNev, "kg", 150, 0),
      Make("BAT-ANOD", "Anode material", "负极材料", "BAT", kNev, "kg", 40, 0),
      Make("BAT-ELEC", "Electrolyte", "电解液", "BAT", kNev, "kg", 50, 0),
      Make("EDS-MOT", "Traction motor", "驱动电机", "EDS", kNev, "piece", 6000, 1),
      Make("EDS-INV", "Motor inverter", "电机控制器", "EDS", kNev, "piece", 3500, 1),
      Make("EDS-RED", "Reducer", "减速器", "EDS", kNev, "piece", 2000, 1),
      Make("EDS-PWR", "Power module (IGBT/SiC)", "功率模块（IGBT/碳化硅）", "EDS", kNev, "piece", 1200, 0),
      Make("EDS-MAG", "Rare-earth magnet", "稀土永磁体", "EDS", kNev, "kg", 600, 0),
      Make("FCH-STK", "Fuel cell stack", "燃料电池电堆", "FCH", kNev, "set", 150000, 1),
      Make("FCH-MEA", "Membrane electrode assembly", "膜电极", "FCH", kNev, "piece", 250, 0),
      Make("FCH-TNK", "Hydrogen storage tank", "车载储氢瓶", "FCH", kNev, "piece", 8000, 6),
      Make("FCH-AIR", "Fuel cell air compressor", "燃料电池空压机", "FCH", kNev, "piece", 15000, 1),
      Make("HVE-OBC", "On-board charger", "车载充电机", "HVE", kNev, "piece", 2000, 1),
      Make("HVE-DCDC", "DC-DC converter", "DC-DC转换器", "HVE", kNev, "piece", 800, 1),
      Make("HVE-HVH", "High-voltage wiring harness", "高压线束", "HVE", kNev, "set", 1500, 1),
      Make("HVE-TMS", "Thermal management (heat pump)", "热管理系统（热泵）", "HVE", kNev, "set", 5000, 1),
      Make("CKP-DCU", "Cockpit domain controller", "座舱域控制器", "CKP", kBoth, "piece", 3000, 1),
      Make("CKP-DSP", "Central display", "中控显示屏", "CKP", kBoth, "piece", 1500, 1),
      Make("CKP-CLU", "Digital instrument cluster", "液晶仪表", "CKP", kBoth, "piece", 1000, 1),
      Make("CKP-HUD", "Head-up display", "抬头显示", "CKP", kBoth, "piece", 1800, 1),
      Make("CKP-AUD", "Audio and voice system", "音响与语音交互系统", "CKP", kBoth, "set", 1200, 1),
      Make("ADS-DCU", "Driving domain controller", "智驾域控制器", "ADS", kBoth, "piece", 6000, 1),
      Make("ADS-CAM", "Camera module", "车载摄像头模组", "ADS", kBoth, "piece", 200, 8),
      Make("ADS-RAD", "Millimetre-wave radar", "毫米波雷达", "ADS", kBoth, "piece", 400, 5),
      Make("ADS-LID", "Lidar", "激光雷达", "ADS", kBoth, "piece", 3000, 1),
      Make("ADS-MAP", "High-precision map", "高精度地图", "ADS", kBoth, "licence", 500, 1),
      Make("CNE-TBX", "Telematics box (T-Box)", "车载通信终端", "CNE", kBoth, "piece", 600, 1),
      Make("CNE-V2X", "V2X unit", "车路协同终端", "CNE", kBoth, "piece", 800, 1),
      Make("CNE-MCU", "Automotive-grade chip", "车规级芯片", "CNE", kBoth, "piece", 300, 0),
      Make("VCS-VCU", "Vehicle control unit", "整车控制器", "VCS", kNev, "piece", 800, 1),
      Make("VCS-BCM", "Body domain controller", "车身域控制器", "VCS", kBoth, "piece", 700, 1),
      Make("VCS-LMP", "Smart headlamp", "智能车灯", "VCS", kBoth, "piece", 1200, 2),
      Make("VCS-ECU", "Engine control unit", "发动机控制器", "VCS", kIce, "piece", 1500, 1),
      Make("VCS-BBW", "Brake-by-wire controller", "线控制动控制器", "VCS", kBoth, "piece", 2500, 1),
      Make("ENG-ASM", "Engine assembly", "发动机总成", "ENG", kIce, "piece", 15000, 1),
      Make("ENG-BLK", "Cylinder block and head", "缸体缸盖", "ENG", kIce, "set", 2500, 0),
      Make("ENG-TRB", "Turbocharger", "涡轮增压器", "ENG", kIce, "piece", 2000, 0),
      Make("ENG-FIS", "Fuel injection system", "燃油喷射系统", "ENG", kIce, "set", 1500, 0),
      Make("ENG-EAT", "Exhaust after-treatment", "排气后处理系统", "ENG", kIce, "set", 3000, 1),
      Make("TRN-ASM", "Transmission assembly", "变速器总成", "TRN", kIce, "piece", 8000, 1),
      Make("TRN-GEAR", "Gear set", "齿轮组", "TRN", kBoth, "set", 1200, 0),
      Make("TRN-CLU", "Clutch", "离合器", "TRN", kIce, "piece", 800, 0),
      Make("CHS-EPS", "Electric power steering", "电动助力转向", "CHS", kBoth, "piece", 2500, 1),
      Make("CHS-BRK", "Brake system", "制动系统", "CHS", kBoth, "set", 2000, 1),
      Make("CHS-SUS", "Suspension and axle module", "悬架与车桥模块", "CHS", kBoth, "set", 3000, 1),
      Make("CHS-WHL", "Wheel", "车轮", "CHS", kBoth, "piece", 400, 5),
      Make("CHS-TYR", "Tyre", "轮胎", "CHS", kBoth, "piece", 500, 5),
      Make("BDY-BIW", "Body-in-white stampings", "白车身冲焊件", "BDY", kBoth, "set", 8000, 1),
      Make("BDY-SEAT", "Seat system", "座椅系统", "BDY", kBoth, "set", 4000, 1),
      Make("BDY-GLS", "Automotive glass", "汽车玻璃", "BDY", kBoth, "set", 1500, 1),
      Make("BDY-HRN", "Low-voltage wiring harness", "低压线束", "BDY", kBoth, "set", 2500, 1),
      Make("BDY-INT", "Interior trim", "内饰件", "BDY", kBoth, "set", 3500, 1),
      Make("BDY-STL", "Automotive steel sheet", "汽车钢板", "BDY", kBoth, "kg", 6, 0),
  };
}

std::vector<ComponentInput> BuildInputs() {
  return {
      {"BAT-PACK", "BAT-CELL", 96},  {"BAT-PACK", "BAT-BMS", 1},    {"BAT-CELL", "BAT-CATH", 1.2},
      {"BAT-CELL", "BAT-ANOD", 0.7}, {"BAT-CELL", "BAT-ELEC", 0.4}, {"BAT-BMS", "CNE-MCU", 2},
      {"EDS-MOT", "EDS-MAG", 1.5},   {"EDS-INV", "EDS-PWR", 1},     {"EDS-INV", "CNE-MCU", 1},
      {"EDS-RED", "TRN-GEAR", 1},    {"FCH-STK", "FCH-MEA", 300},   {"CKP-DCU", "CNE-MCU", 1},
      {"ADS-DCU", "CNE-MCU", 2},     {"VCS-VCU", "CNE-MCU", 1},     {"VCS-ECU", "CNE-MCU", 1},
      {"ENG-ASM", "ENG-BLK", 1},     {"ENG-ASM", "ENG-TRB", 1},     {"ENG-ASM", "ENG-FIS", 1},
      {"TRN-ASM", "TRN-GEAR", 1},    {"TRN-ASM", "TRN-CLU", 1},     {"BDY-BIW", "BDY-STL", 350},
      {"BDY-SEAT", "BDY-STL", 25},   {"CHS-SUS", "BDY-STL", 40},    {"CHS-WHL", "BDY-STL", 9},
      {"CHS-EPS", "CNE-MCU", 1},     {"CKP-DSP", "CNE-MCU", 1},     {"ADS-RAD", "CNE-MCU", 1},
      {"VCS-BCM", "CNE-MCU", 1},     {"HVE-OBC", "EDS-PWR", 1},
  };
}

}  // namespace

std::span<const Assembly> Assemblies() {
  return kAssemblies;
}

const Assembly* FindAssembly(std::string_view code) {
  for (const Assembly& a : kAssemblies)
    if (a.code == code) return &a;
  return nullptr;
}

std::string_view DirectionLabel(Direction d) {
  switch (d) {
    case Direction::kNewEnergy:
      return "New energy";
    case Direction::kIntelligentConnected:
      return "Intelligent connected";
    case Direction::kTraditional:
      return "Traditional systems";
  }
  return "?";
}

std::string_view DirectionLabelZh(Direction d) {
  switch (d) {
    case Direction::kNewEnergy:
      return "新能源";
    case Direction::kIntelligentConnected:
      return "智能网联";
    case Direction::kTraditional:
      return "传统动力与整车系统";
  }
  return "?";
}

const std::vector<ComponentType>& BuiltinComponents() {
  static const std::vector<ComponentType> components = BuildComponents();
  return components;
}

const std::vector<ComponentInput>& BuiltinComponentInputs() {
  static const std::vector<ComponentInput> inputs = BuildInputs();
  return inputs;
}

}  // namespace chainscope
